/** What the parse-floor worker is asked to time, and what it answers. */
export interface FloorJob {
  files: string[];
  wholeRepeats: number;
  /** Zero-based inclusive line range of one document of files[0], timed on its own. */
  document?: { start: number; end: number };
  documentRepeats: number;
}

export interface FloorTimes {
  /** Whole input, first parse in a fresh process (ms; summed over files for the corpus). */
  wholeCold: number;
  /** CPU time of that first parse (ms): less swayed than wall time by other work on a shared machine. */
  wholeColdCpu?: number;
  /** Whole input, later parses in the same process (ms each). */
  wholeWarm: number[];
  /** The one document, repeated (ms each; the first of them is included). */
  document: number[];
}
