/**
 * The main policy levers of the focal alliance as a form beside the YAML editor. Each change goes
 * through the scenario-path setter (src/scenario/set-path.ts: `policies[ID].aid.max` …), which
 * checks it exactly as `--set` does; the value is then written into the YAML text in place (only
 * the value's characters change, so comments and layout stay), and the form reads every value
 * back from the parsed text, so the text and the form cannot drift apart (docs/decisions.md D61).
 */
import { useState } from 'preact/hooks';
import { isScalar, parseDocument } from 'yaml';
import { applySetPaths, formatIssue, readSetPath, type Scenario } from '../../../src/scenario/index.js';

interface Field {
  path: string[];
  label: string;
  kind: 'number' | 'bool' | 'select';
  min?: number;
  max?: number;
  step?: number;
  options?: string[];
}
const FIELDS: Field[] = [
  { path: ['aid', 'max'], label: 'Aid level (ceiling, aid units)', kind: 'number', min: 0, step: 0.1 },
  { path: ['aid', 'responsiveness'], label: 'Aid speed (responsiveness per day)', kind: 'number', min: 0, step: 0.005 },
  { path: ['forwardPosture'], label: 'Forward posture (brigades)', kind: 'number', min: 0, step: 1 },
  { path: ['article4Propensity'], label: 'Article 4 propensity (×)', kind: 'number', min: 0, step: 0.1 },
  { path: ['secondarySanctions'], label: 'Secondary sanctions on enablers', kind: 'bool' },
  { path: ['surgeTrigger'], label: 'Surge to a war economy at rung', kind: 'select', options: ['never', '0', '1', '2', '3', '4', '5', '6'] },
  { path: ['signallingStance'], label: 'Signalling stance', kind: 'select', options: ['restrained', 'firm', 'provocative'] },
];

/**
 * `text` with the value at `policies.<key>.<path>` replaced by `value`: in place when the text
 * holds that value (only its characters change), else added through the YAML document.
 * Null when the text has no `policies.<key>` mapping (the policy comes from an included file).
 */
export function setInText(text: string, docPath: string[], value: string): string | null {
  const doc = parseDocument(text);
  if (!doc.hasIn(docPath.slice(0, 2))) return null;
  const node = doc.getIn(docPath, true);
  const scalar = value === 'true' || value === 'false' ? value === 'true' : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return `${text.slice(0, start)}${value}${text.slice(end)}`;
  }
  doc.setIn(docPath, scalar);
  return doc.toString();
}

export function LeversForm({ scenario, getText, onText }: { scenario: Scenario; getText: () => string; onText: (t: string) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const alliance = scenario.alliances.find((a) => a.kind === 'collective-defense');
  if (alliance === undefined || alliance.policy === undefined) return <p class="note">No collective-defence alliance with a policy: no levers to show.</p>;
  const key = alliance.policy;
  const scenarioPath = (f: Field) => `policies[${key}].${f.path.join('.')}`;
  const read = (f: Field): string => {
    const r = readSetPath(scenario, scenarioPath(f));
    return r.ok && r.value !== undefined ? String(r.value) : '';
  };
  const change = (f: Field, value: string) => {
    const r = applySetPaths(scenario, [{ path: scenarioPath(f), value }]);
    if (!r.ok) {
      setProblem(r.issues.map(formatIssue).join('\n'));
      return;
    }
    const next = setInText(getText(), ['policies', key, ...f.path], value);
    if (next === null) {
      setProblem(`policies.${key} is not in this file (it comes from an included file): edit it there`);
      return;
    }
    setProblem(null);
    onText(next);
  };
  return (
    <form class="levers-form" aria-labelledby="lf-h" onSubmit={(e) => e.preventDefault()} data-testid="levers-form">
      <h2 id="lf-h">
        Levers of {alliance.id} (policy <code>{key}</code>)
      </h2>
      <p class="note">Each change edits the YAML at its path; edits in the text show here.</p>
      {FIELDS.map((f) => {
        const name = `lever-${f.path.join('.')}`;
        const v = read(f);
        return f.kind === 'bool' ? (
          <label key={name} class="check">
            <input type="checkbox" name={name} checked={v === 'true'} onChange={(e) => change(f, String((e.target as HTMLInputElement).checked))} /> {f.label}
          </label>
        ) : f.kind === 'select' ? (
          <label key={name}>
            {f.label}
            <select name={name} value={v} onChange={(e) => change(f, (e.target as HTMLSelectElement).value)}>
              {f.options!.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label key={name}>
            {f.label}
            <input type="number" name={name} min={f.min} max={f.max} step={f.step} value={v} onChange={(e) => change(f, (e.target as HTMLInputElement).value)} />
          </label>
        );
      })}
      {problem !== null && (
        <pre class="error-box" role="alert" data-testid="levers-problem">
          {problem}
        </pre>
      )}
    </form>
  );
}
