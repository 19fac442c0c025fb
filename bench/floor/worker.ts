/** Child process: times `yaml` parsing of one input (argv[2] is a JSON FloorJob) and prints a FloorTimes JSON line. */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { FloorJob, FloorTimes } from './types';

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function main(job: FloorJob): FloorTimes {
  const texts = job.files.map((file) => readFileSync(file, 'utf8'));
  // The first pass runs in a fresh process, as a server's didOpen does: that is the cold floor.
  const cpu = process.cpuUsage();
  const wholeCold = texts.reduce((sum, text) => sum + time(() => parseAllDocuments(text)), 0);
  const used = process.cpuUsage(cpu);
  const wholeColdCpu = (used.user + used.system) / 1000;
  const wholeWarm: number[] = [];
  for (let i = 0; i < job.wholeRepeats; i++) wholeWarm.push(texts.reduce((sum, text) => sum + time(() => parseAllDocuments(text)), 0));
  const document: number[] = [];
  const first = texts[0];
  if (job.document && first !== undefined) {
    const lines = first.split('\n');
    const text = lines.slice(job.document.start, job.document.end + 1).join('\n') + '\n';
    for (let i = 0; i < job.documentRepeats; i++) document.push(time(() => parseAllDocuments(text)));
  }
  return { wholeCold, wholeColdCpu, wholeWarm, document };
}

process.stdout.write(JSON.stringify(main(JSON.parse(process.argv[2] ?? '{}') as FloorJob)) + '\n');
