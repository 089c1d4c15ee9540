import { useEffect, useState } from 'preact/hooks';

/**
 * A part of the panel that is not needed to show the discussion, loaded the first time it is
 * wanted: its own chunk, outside the panel's start-up budget (40 kB gzip).
 */
export function useLazy<T>(load: () => Promise<T>, wanted: boolean): T | null {
  const [part, setPart] = useState<{ value: T } | null>(null);
  useEffect(() => {
    if (wanted && !part) void load().then((value) => setPart({ value }));
  }, [wanted]);
  return part?.value ?? null;
}
