/**
 * Sweeps and sensitivity studies on `brink serve` (D55, D66): the view POSTs the study to
 * /api/sweeps or /api/sensitivities, follows its event stream (re-reading the status after a lost
 * connection, as runs do), and shows the stored result. The result's link, /sweeps/{id} or
 * /sensitivities/{id}, reopens it in any browser (StoredStudyPage); Verify asks the server to
 * recompute it and compare the bytes.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { cancelStudy, getStudy, studyFileUrl, verifyStudy, watchStudy, type ApiResult, type RunProgress, type RunState, type StudyKind, type VerifyAnswer } from '../api.js';

const LIVE: RunState[] = ['queued', 'running'];
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** The path of a stored study's page: /sweeps/{id} or /sensitivities/{id}. */
export const studyPath = (kind: StudyKind, id: string): string => `/${kind}/${id}`;

export type StudyPhase = 'idle' | 'starting' | RunState | 'reconnecting';

/** Follows a study on the server until it ends; `result` is the stored summary once done. */
export function useServerStudy<T>(kind: StudyKind) {
  const [id, setId] = useState<string | null>(null);
  const [phase, setPhase] = useState<StudyPhase>('idle');
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const [message, setMessage] = useState('');
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const end = (phase: StudyPhase, msg = '') => {
    setPhase(phase);
    setMessage(msg);
  };
  const follow = async (studyId: string) => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setId(studyId);
    setResult(null);
    let failures = 0;
    for (;;) {
      const ev = await watchStudy<T>(kind, studyId, (p) => (setProgress(p), setPhase('running'), setMessage('')), ac.signal);
      if (ac.signal.aborted) return;
      if (ev === null) {
        end('reconnecting', 'The connection to the server was lost; reconnecting…');
        await sleep(Math.min(4000, 250 * 2 ** failures++), ac.signal);
        if (ac.signal.aborted) return;
      }
      // The final event carries the status; the stored result is read from the status call.
      const r = await getStudy<T>(kind, studyId);
      if (ac.signal.aborted) return;
      if (!r.ok) {
        if (r.status === 0) continue;
        return end('failed', `the server answered ${r.status}: ${r.message}`);
      }
      const st = r.value;
      if (LIVE.includes(st.status)) {
        setPhase(st.status);
        if (st.progress) setProgress(st.progress);
        continue;
      }
      if (st.status === 'done' && st.result !== undefined) setResult(st.result);
      return end(st.status, st.status === 'failed' ? (st.error ?? 'the server could not finish it') : '');
    }
  };
  /** Starts (or finds) a study with `post`; returns the server's refusal, if any, for the view to show at its fields. */
  const start = async (post: () => Promise<ApiResult<{ id: string; status: RunState }>>) => {
    setResult(null);
    setProgress(null);
    end('starting');
    const r = await post();
    if (!r.ok) {
      end('idle');
      return r;
    }
    setPhase(r.value.status);
    void follow(r.value.id);
    return r;
  };
  const cancel = () => {
    if (id !== null) void cancelStudy(kind, id);
  };
  const stop = () => abort.current?.abort();
  return { kind, id, phase, progress, result, message, follow, start, cancel, stop };
}

export type ServerStudy<T> = ReturnType<typeof useServerStudy<T>>;

/** One line saying where a server study is. */
export function studyStatusText(s: ServerStudy<unknown>, noun: string): string {
  const p = s.progress;
  switch (s.phase) {
    case 'idle':
      return '';
    case 'starting':
      return `Sending the ${noun} to the server…`;
    case 'queued':
      return 'Queued on the server…';
    case 'running':
      return p ? `${p.trajectoriesDone.toLocaleString('en-US')} of ${p.runs.toLocaleString('en-US')} paired runs on the server (chunk ${p.chunksDone} of ${p.chunks})` : 'Running on the server…';
    case 'reconnecting':
      return s.message;
    case 'done':
      return `done on the server: ${noun} ${s.id ?? ''}, stored`;
    case 'cancelled':
      return 'cancelled on the server';
    case 'interrupted':
      return 'interrupted: the server stopped before it finished; run it again to queue it again';
    case 'failed':
      return `failed: ${s.message}`;
  }
}

/**
 * A study view's status line with, once a result is shown and nothing runs, the link to download
 * its summary JSON (the server's stored result.json, or the local blob URL), then the stored
 * study's link and files when it ran on the server. Shared by the sweep and sensitivity views.
 */
export function StudyStatus(p: {
  kind: StudyKind;
  testid: string;
  status: ComponentChildren;
  done: boolean;
  serverId: string | null;
  stored: boolean;
  localJson: string;
  fileName: string;
}) {
  return (
    <>
      <p role="status" data-testid={`${p.testid}-status`} data-done={p.done ? '1' : '0'}>
        {p.status}
        {p.done && (
          <>
            {' · '}
            <a href={p.serverId !== null ? studyFileUrl(p.kind, p.serverId, 'result.json') : p.localJson} download={p.fileName} data-testid={`${p.testid}-json`}>
              download the summary JSON
            </a>
          </>
        )}
      </p>
      {p.stored && p.serverId !== null && <StudyShare kind={p.kind} id={p.serverId} />}
    </>
  );
}

/** The stored study's link, Verify and the server's files (result.json, CSV, report.html). */
export function StudyShare({ kind, id }: { kind: StudyKind; id: string }) {
  const [verify, setVerify] = useState<{ phase: 'running' } | { phase: 'answer'; v: VerifyAnswer } | { phase: 'error'; message: string } | null>(null);
  const link = `${location.origin}${studyPath(kind, id)}`;
  const doVerify = async () => {
    setVerify({ phase: 'running' });
    const r = await verifyStudy(kind, id);
    setVerify(r.ok ? { phase: 'answer', v: r.value } : { phase: 'error', message: r.message });
  };
  const state = verify === null ? '' : verify.phase === 'answer' ? (verify.v.identical ? 'same' : 'different') : verify.phase;
  const csv = kind === 'sweeps' ? 'sweep.csv' : 'sensitivity.csv';
  return (
    <div class="toolbar">
      <a class="button" href={studyPath(kind, id)} data-testid="study-link" data-link={link} title="The link reopens this stored result in any browser">
        Link to this result
      </a>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>
        Copy link
      </button>
      <button type="button" onClick={() => void doVerify()} disabled={verify?.phase === 'running'}>
        Verify
      </button>
      <a class="button" href={studyFileUrl(kind, id, csv)} download={csv}>
        Download CSV
      </a>
      <a class="button" href={studyFileUrl(kind, id, 'report.html')} download="report.html">
        Download report.html
      </a>
      {verify && (
        <span role="status" data-testid="verify" data-verify={state}>
          {verify.phase === 'running' && 'the server is recomputing it from its stored request…'}
          {verify.phase === 'answer' && verify.v.identical && `bit-identical: recomputed on the server, result.json is the same byte for byte (SHA-256 ${verify.v.recomputedSha256.slice(0, 12)}…)`}
          {verify.phase === 'answer' && !verify.v.identical && `NOT identical: recomputed SHA-256 ${verify.v.recomputedSha256.slice(0, 12)}… vs stored ${verify.v.storedSha256.slice(0, 12)}…`}
          {verify.phase === 'error' && `Verify failed: ${verify.message}`}
        </span>
      )}
    </div>
  );
}

/** /sweeps/{id} or /sensitivities/{id}: a stored study reopened from its link. */
export function StoredStudyPage<T>({ kind, id, title, noun, children }: { kind: StudyKind; id: string; title: string; noun: string; children: (result: T) => ComponentChildren }) {
  const s = useServerStudy<T>(kind);
  const [missing, setMissing] = useState('');
  useEffect(() => {
    void (async () => {
      const r = await getStudy<T>(kind, id);
      if (!r.ok) return setMissing(r.status === 404 ? `No ${noun} ${id} is stored on this server.` : r.message);
      void s.follow(id);
    })();
    document.title = `${title} ${id.slice(0, 10)} · Brink`;
  }, [id]);
  return (
    <section aria-labelledby="study-h">
      <h1 id="study-h">Stored {noun}</h1>
      <p class="note">
        {title} <code>{id}</code>, as the server stored it. Its id is the hash of everything that determines it, so the same request gives the same numbers on any server of the same version. <a href="/#/library">Back to the app</a>
      </p>
      {missing !== '' && (
        <div class="error-box" role="alert">
          {missing}
        </div>
      )}
      <p role="status" data-testid="study-status" data-done={s.result !== null ? '1' : '0'}>
        {studyStatusText(s as ServerStudy<unknown>, noun)}
        {s.result !== null && (
          <>
            {' · '}
            <a href={studyFileUrl(kind, id, 'result.json')} download="summary.json" data-testid="study-json">
              download the summary JSON
            </a>
          </>
        )}
      </p>
      {s.result !== null && <StudyShare kind={kind} id={id} />}
      {s.result !== null && children(s.result)}
    </section>
  );
}
