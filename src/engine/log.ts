/**
 * The event log (columnar, growable, no allocation per event), the scheduler for timed engine
 * events (a binary heap on (time, sequence)), and the influence book that names each event's
 * causes. Causes are Int32 parent indices into the log (ARCHITECTURE.md "performance design").
 */
const NONE = -1;

export const MAX_CAUSES = 4;

export class EventLog {
  count = 0;
  cap = 512;
  day = new Int32Array(512);
  actor = new Int32Array(512); // ≥ n: an alliance (n + allianceIx)
  action = new Int32Array(512);
  target = new Int32Array(512);
  theatre = new Int32Array(512);
  rung = new Int8Array(512);
  causes = new Int32Array(512 * MAX_CAUSES);
  note = new Int32Array(512); // small integer note code (see NOTE)
  noteVal = new Float64Array(512);
  /** 1 for a scripted event (a scenario inject), 0 otherwise. */
  injected = new Uint8Array(512);

  reset(): void {
    this.count = 0;
  }

  private grow(): void {
    const c = this.cap * 2;
    const g = <T extends Int32Array | Int8Array | Uint8Array | Float64Array>(a: T, k = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(c * k);
      b.set(a);
      return b;
    };
    this.day = g(this.day); this.actor = g(this.actor); this.action = g(this.action); this.target = g(this.target);
    this.theatre = g(this.theatre); this.rung = g(this.rung); this.causes = g(this.causes, MAX_CAUSES);
    this.note = g(this.note); this.noteVal = g(this.noteVal); this.injected = g(this.injected);
    this.cap = c;
  }

  /** Append an event; returns its id. Causes are filled with NONE; use setCause. */
  push(day: number, actor: number, action: number, target: number, theatre: number, rung: number): number {
    if (this.count === this.cap) this.grow();
    const id = this.count++;
    this.day[id] = day; this.actor[id] = actor; this.action[id] = action; this.target[id] = target;
    this.theatre[id] = theatre; this.rung[id] = rung; this.note[id] = 0; this.noteVal[id] = 0; this.injected[id] = 0;
    const c = id * MAX_CAUSES;
    for (let k = 0; k < MAX_CAUSES; k++) this.causes[c + k] = NONE;
    return id;
  }

  /** Add a cause if not present and there is room (the first is the primary cause). */
  addCause(id: number, cause: number): void {
    if (cause < 0 || cause >= id) return; // causes always precede their effect
    const c = id * MAX_CAUSES;
    for (let k = 0; k < MAX_CAUSES; k++) {
      const v = this.causes[c + k]!;
      if (v === cause) return;
      if (v === NONE) {
        this.causes[c + k] = cause;
        return;
      }
    }
  }
}

/** Note codes attached to log events, rendered by the trace. */
export const NOTE = {
  none: 0,
  undetected: 1,
  attributedAccidental: 2,
  attributedDeliberate: 3,
  unattributed: 4,
  armedAttack: 5,
  voteFailed: 6, // noteVal = yes share
  voteClosed: 7,
  collapse: 8,
  art4Joint: 9,
  sanctionsPackage: 10,
  redLineCrossed: 11,
  answered: 12,
} as const;

/** Kinds of timed engine events. */
export const EV = {
  attribution: 1, // a = event id, b = attributed? (1/0), c = misattributed-as-deliberate (1/0)
  art4End: 2, // a = alliance
  art5Round: 3, // a = alliance
  inject: 4, // a = inject index
  spillover: 5, // a = source event id
} as const;

export class Scheduler {
  size = 0;
  seq = 0;
  time = new Float64Array(256);
  order = new Float64Array(256);
  kind = new Int32Array(256);
  a = new Int32Array(256);
  b = new Int32Array(256);
  c = new Int32Array(256);

  reset(): void {
    this.size = 0;
    this.seq = 0;
  }

  private less(i: number, j: number): boolean {
    const ti = this.time[i]!, tj = this.time[j]!;
    return ti < tj || (ti === tj && this.order[i]! < this.order[j]!);
  }

  // Written out field by field: a helper closure here was allocated on every swap.
  private swap(i: number, j: number): void {
    const t = this.time[i]!; this.time[i] = this.time[j]!; this.time[j] = t;
    const o = this.order[i]!; this.order[i] = this.order[j]!; this.order[j] = o;
    const k = this.kind[i]!; this.kind[i] = this.kind[j]!; this.kind[j] = k;
    const a = this.a[i]!; this.a[i] = this.a[j]!; this.a[j] = a;
    const b = this.b[i]!; this.b[i] = this.b[j]!; this.b[j] = b;
    const c = this.c[i]!; this.c[i] = this.c[j]!; this.c[j] = c;
  }

  push(time: number, kind: number, a: number, b = 0, c = 0): void {
    if (this.size === this.time.length) {
      const k = this.size * 2;
      const g = <T extends Float64Array | Int32Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(k);
        y.set(x);
        return y;
      };
      this.time = g(this.time); this.order = g(this.order); this.kind = g(this.kind);
      this.a = g(this.a); this.b = g(this.b); this.c = g(this.c);
    }
    let i = this.size++;
    this.time[i] = time; this.order[i] = this.seq++; this.kind[i] = kind; this.a[i] = a; this.b[i] = b; this.c[i] = c;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peekTime(): number {
    return this.size > 0 ? this.time[0]! : Number.POSITIVE_INFINITY;
  }

  /** Remove the top; its fields are copied to out. */
  pop(out: { time: number; kind: number; a: number; b: number; c: number }): void {
    out.time = this.time[0]!; out.kind = this.kind[0]!; out.a = this.a[0]!; out.b = this.b[0]!; out.c = this.c[0]!;
    const last = --this.size;
    if (last > 0) {
      this.time[0] = this.time[last]!; this.order[0] = this.order[last]!; this.kind[0] = this.kind[last]!;
      this.a[0] = this.a[last]!; this.b[0] = this.b[last]!; this.c[0] = this.c[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < last && this.less(l, m)) m = l;
        if (r < last && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
  }
}

