import type { BrowserContext, Page } from '@playwright/test';

/** A Chrome trace event (the Trace Event Format), as much of it as the benchmarks read. */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown> & { data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

const SAMPLES = 'disabled-by-default-v8.cpu_profiler';

/** The categories of the DevTools Performance panel: tasks, script evaluation and calls, style and layout, IPC. */
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8',
  'v8.execute',
  // JS samples with their stacks (about every 0.2 ms): time in a script's code inside tasks that are not its own.
  SAMPLES,
];

/** Runs `body` while Chromium traces (CDP Tracing, the whole browser); returns the events. */
export async function traced(context: BrowserContext, page: Page, body: () => Promise<void>, opts: { samples?: boolean } = {}): Promise<TraceEvent[]> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value) events.push(ev as unknown as TraceEvent);
  });
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: opts.samples === false ? CATEGORIES.filter((c) => c !== SAMPLES) : CATEGORIES, excludedCategories: ['*'] },
  });
  try {
    await body();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => undefined);
  }
  return events;
}

/** The renderer main thread that parsed `url` (pid and tid), or null. */
export function mainThreadOf(events: TraceEvent[], url: string): { pid: number; tid: number } | null {
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
  return parse ? { pid: parse.pid, tid: parse.tid } : null;
}

export interface Task {
  ts: number;
  dur: number;
  /** The events nested in this task, itself included. */
  events: TraceEvent[];
}

/** The top-level tasks of one thread: complete events not nested in another. */
export function tasksOf(events: TraceEvent[], thread: { pid: number; tid: number }): Task[] {
  const own = events
    .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks: Task[] = [];
  for (const e of own) {
    const last = tasks[tasks.length - 1];
    if (last && e.ts < last.ts + last.dur) last.events.push(e);
    else tasks.push({ ts: e.ts, dur: e.dur!, events: [e] });
  }
  return tasks;
}

const mojoInterface = (e: TraceEvent): string =>
  String((e.args?.chrome_mojo_event_info as { mojo_interface_tag?: string } | undefined)?.mojo_interface_tag ?? '');

/** Tasks of the DevTools protocol itself (Playwright talking to the page): not the page's work. */
export const isDevtoolsTask = (t: Task): boolean =>
  t.events.some((e) => e.name === 'Receive mojo message' && mojoInterface(e).startsWith('blink.mojom.DevTools'));

/** Script events and the address of the script they run. */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'v8.run', 'FunctionCall', 'ParseAuthorStyleSheet']);
export function scriptUrlOf(e: TraceEvent): string | null {
  if (!SCRIPT_EVENTS.has(e.name)) return null;
  const d = e.args?.data ?? {};
  const url = d.url ?? d.styleSheetUrl ?? e.args?.fileName;
  return typeof url === 'string' ? url : null;
}

/**
 * Tasks that belong to a script: they evaluate or call into a script whose address starts with
 * `prefix`, or (for an extension) deliver an extension message to the page (`extensions.mojom`),
 * whose promise continuations then run the content script's code.
 */
export function attributedTasks(tasks: Task[], prefix: string, extensionMessages: boolean): Task[] {
  return tasks.filter((t) =>
    t.events.some(
      (e) =>
        scriptUrlOf(e)?.startsWith(prefix) ||
        (extensionMessages && e.name === 'Receive mojo message' && mojoInterface(e).startsWith('extensions.mojom')),
    ),
  );
}

export const totalMs = (tasks: Task[]): number => tasks.reduce((s, t) => s + t.dur, 0) / 1000;

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { scriptId?: number | string; url?: string };
}

/**
 * Milliseconds of the thread's CPU samples whose stack holds a script at `prefix`, counted only
 * inside `tasks` (each sample weighs the time to the next one, at most 1 ms, clipped to its task).
 */
export function sampledMs(events: TraceEvent[], thread: { pid: number; tid: number }, prefix: string, tasks: Task[]): number {
  const profiles = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === thread.pid && e.tid === thread.tid) {
      profiles.set(String((e as { id?: string }).id), Number(e.args?.data?.startTime));
    }
  }
  const urls = new Map<string, string>();
  for (const e of events) {
    const d = e.args?.data;
    if (e.pid === thread.pid && e.name === 'v8.compile' && d?.scriptId !== undefined && typeof d.url === 'string') urls.set(String(d.scriptId), d.url);
  }
  const nodes = new Map<number, ProfileNode>();
  const samples: { t: number; node: number }[] = [];
  for (const [id, start] of profiles) {
    let t = start;
    const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === thread.pid && String((e as { id?: string }).id) === id);
    for (const c of chunks) {
      const data = c.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
      for (const n of data?.cpuProfile?.nodes ?? []) {
        nodes.set(n.id, n);
        if (n.callFrame.url && n.callFrame.scriptId !== undefined) urls.set(String(n.callFrame.scriptId), n.callFrame.url);
      }
      const ids = data?.cpuProfile?.samples ?? [];
      const deltas = data?.timeDeltas ?? [];
      ids.forEach((node, i) => samples.push({ t: (t += deltas[i] ?? 0), node }));
    }
  }
  const hit = new Map<number, boolean>();
  const inScript = (id: number | undefined): boolean => {
    if (id === undefined) return false;
    const known = hit.get(id);
    if (known !== undefined) return known;
    const n = nodes.get(id);
    const url = n?.callFrame.url ?? urls.get(String(n?.callFrame.scriptId));
    const yes = !!n && (url?.startsWith(prefix) === true || inScript(n.parent));
    hit.set(id, yes);
    return yes;
  };
  samples.sort((a, b) => a.t - b.t);
  const sorted = [...tasks].sort((a, b) => a.ts - b.ts);
  let total = 0;
  let k = 0;
  samples.forEach((s, i) => {
    if (!inScript(s.node)) return;
    while (k < sorted.length && sorted[k]!.ts + sorted[k]!.dur < s.t) k++;
    const task = sorted[k];
    if (!task || task.ts > s.t) return;
    const next = samples[i + 1]?.t ?? s.t;
    total += Math.max(0, Math.min(next, s.t + 1000, task.ts + task.dur) - s.t);
  });
  return total / 1000;
}
