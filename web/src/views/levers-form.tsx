/**
 * The main policy levers of the focal alliance as a form beside the YAML editor. Each change goes
 * through the scenario-path setter (src/scenario/set-path.ts: `policies[ID].aid.max` …), which
 * checks it exactly as `--set` does; the value is then written into the YAML text in place (only
 * the value's characters change, so comments and layout stay), and the form reads every value
 * back from the parsed text, so the text and the form cannot drift apart (docs/decisions.md D61).
 *
 * Quick edits (D76): the editor parses the text 300 ms after it last changed, and every render of
 * the form used to put the values of that parse back into the fields, so a number being typed when
 * that parse landed went back to its old value under the cursor and was never written (no change
 * event). The form now keeps what is typed in a field until it is committed or the field is left,
 * and a write (and focusing the form) reads the text as it is now, not as it was last parsed.
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

/** The focal alliance's policy key: the levers' home (undefined: no collective-defence alliance with a policy). */
const policyKey = (s: Scenario): string | undefined => s.alliances.find((a) => a.kind === 'collective-defense')?.policy;
const fieldName = (f: Field): string => `lever-${f.path.join('.')}`;

export function LeversForm({ scenario, scenarioNow, getText, onText }: {
  /** The scenario the fields show (the editor's last valid parse). */
  scenario: Scenario;
  /** The scenario of the text as it is now (null while it has problems); the editor then shows it. */
  scenarioNow: () => Scenario | null;
  getText: () => string;
  onText: (t: string) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  /** What is typed in a field and not yet committed, by field name: no render may put the old value back over it. */
  const [typed, setTyped] = useState<Record<string, string>>({});
  const forget = (name: string) => setTyped((t) => (name in t ? Object.fromEntries(Object.entries(t).filter(([k]) => k !== name)) : t));
  const key = policyKey(scenario);
  if (key === undefined) return <p class="note">No collective-defence alliance with a policy: no levers to show.</p>;
  const alliance = scenario.alliances.find((a) => a.kind === 'collective-defense')!;
  const scenarioPath = (k: string, f: Field) => `policies[${k}].${f.path.join('.')}`;
  const read = (f: Field): string => {
    const r = readSetPath(scenario, scenarioPath(key, f));
    return r.ok && r.value !== undefined ? String(r.value) : '';
  };
  const change = (f: Field, value: string) => {
    forget(fieldName(f));
    // Checked and written against the text as it is now: typing in the editor may be newer than the last parse.
    const now = scenarioNow() ?? scenario;
    const nowKey = policyKey(now);
    if (nowKey === undefined) {
      setProblem('the scenario no longer has a collective-defence alliance with a policy: no levers to set');
      return;
    }
    const r = applySetPaths(now, [{ path: scenarioPath(nowKey, f), value }]);
    if (!r.ok) {
      setProblem(r.issues.map(formatIssue).join('\n'));
      return;
    }
    const next = setInText(getText(), ['policies', nowKey, ...f.path], value);
    if (next === null) {
      setProblem(`policies.${nowKey} is not in this file (it comes from an included file): edit it there`);
      return;
    }
    setProblem(null);
    onText(next);
  };
  return (
    // Entering the form first brings it up to the text (typed in the editor less than 300 ms ago).
    <form class="levers-form" aria-labelledby="lf-h" onSubmit={(e) => e.preventDefault()} onFocusCapture={() => void scenarioNow()} data-testid="levers-form">
      <h2 id="lf-h">
        Levers of {alliance.id} (policy <code>{key}</code>)
      </h2>
      <p class="note">Each change edits the YAML at its path; edits in the text show here.</p>
      {FIELDS.map((f) => {
        const name = fieldName(f);
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
            <input
              type="number"
              name={name}
              min={f.min}
              max={f.max}
              step={f.step}
              value={typed[name] ?? v}
              onInput={(e) => setTyped((t) => ({ ...t, [name]: (e.target as HTMLInputElement).value }))}
              onChange={(e) => change(f, (e.target as HTMLInputElement).value)}
              onBlur={() => forget(name)}
            />
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
