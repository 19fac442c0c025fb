/** Which `.Values` key a template line inserts, named in the messages of findings placed there. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesKeys } from '../../server/src/charts/lintChart';

const TEMPLATE = `{{- with .Values.resources }}
resources: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.pod }}
{{- if .Values.enabled }}
name: {{ .name }}
{{- end }}
image: {{ .Release.Name }}
{{- end }}
x: {{ include "foo" . }}
image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
{{- range .Values.extraContainers }}
- {{- toYaml . | nindent 4 }}
{{- end }}`.split('\n');

test('keys read directly on the line', () => {
  assert.deepEqual(valuesKeys(TEMPLATE, 10), ['.Values.image.repository', '.Values.image.tag']);
});

test('a bare dot inside with or range reads the enclosing key; an if keeps the scope', () => {
  assert.deepEqual(valuesKeys(TEMPLATE, 1), ['.Values.resources']);
  assert.deepEqual(valuesKeys(TEMPLATE, 5), ['.Values.pod.name']);
  assert.deepEqual(valuesKeys(TEMPLATE, 12), ['.Values.extraContainers']);
});

test('built-in objects and a dot outside any with or range name no values key', () => {
  assert.deepEqual(valuesKeys(TEMPLATE, 7), []);
  assert.deepEqual(valuesKeys(TEMPLATE, 9), []);
});
