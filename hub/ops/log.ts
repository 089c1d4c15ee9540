/**
 * The hub's own lines (`log('bus: …')`) as JSON, beside the request lines, so a log
 * pipeline reads one format. A line that starts with `error` is an error (a 500's stack,
 * hub/http/errors.ts); the others report trouble the hub works around.
 */
export function jsonLines(write: (line: string) => void) {
  return {
    info(msg: string): void {
      write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg }));
    },
    /** For `HubOptions.log`. */
    problem(msg: string): void {
      write(JSON.stringify({ time: new Date().toISOString(), level: msg.startsWith('error') ? 'error' : 'warn', msg }));
    },
  };
}
