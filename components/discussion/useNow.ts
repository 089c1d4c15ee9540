import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed each minute so "2 minutes ago" does not go stale while the view stays open. */
export function useNow(every = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}
