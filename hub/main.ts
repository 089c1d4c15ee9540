import { optionsFromEnv, SettingError, type HubOptions } from './config';
import { startHub } from './server';

let options: HubOptions;
try {
  options = optionsFromEnv();
} catch (err) {
  // The operator's mistake, not ours: one line that names the setting, no stack.
  if (!(err instanceof SettingError)) throw err;
  console.error(`nook hub: ${err.message}`);
  process.exit(1);
}
const hub = await startHub(options);
const store = options.databaseUrl ? 'postgres' : `sqlite in ${options.dataDir}`;
console.log(`nook hub listening on ${hub.url} (${store}${options.redisUrl ? ', redis fan-out' : ''})`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`nook hub: ${signal}, closing`);
  hub.close().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
