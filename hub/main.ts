import { optionsFromEnv, SettingError, type HubOptions } from './config';
import { jsonLines } from './ops/log';
import { startHub } from './server';

// Every line on stdout is one JSON object: the hub's own messages and one per request.
const out = (line: string) => process.stdout.write(`${line}\n`);
const lines = jsonLines(out);

let options: HubOptions;
try {
  options = optionsFromEnv();
} catch (err) {
  // The operator's mistake, not ours: one line that names the setting, no stack.
  if (!(err instanceof SettingError)) throw err;
  console.error(`nook hub: ${err.message}`);
  process.exit(1);
}

let hub: Awaited<ReturnType<typeof startHub>>;
try {
  hub = await startHub({ ...options, log: lines.problem, requestLog: out });
} catch (err) {
  // Cannot reach the database or Redis, the port is taken: say so in one line, and stop.
  console.error(`nook hub: cannot start: ${(err as Error).message}`);
  process.exit(1);
}
const store = options.databaseUrl ? 'postgres' : `sqlite in ${options.dataDir}`;
lines.info(`nook hub listening on ${hub.url} (${store}${options.redisUrl ? ', redis fan-out' : ''})`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  lines.info(`nook hub: ${signal}, draining for ${options.drainMs ?? 0} ms, then closing`);
  hub.drain().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
