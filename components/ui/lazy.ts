import { useEffect, useState } from 'preact/hooks';
import { withStrings } from '../../i18n/index';

/**
 * A part of a view that most visits never show (an edit form, the widget's devices list),
 * loaded the first time it is wanted: its own chunk, outside the widget panel's start-up
 * budget (40 kB gzip), with its English messages (also outside it).
 */
export function useLazy<T>(load: () => Promise<T>, wanted: boolean): T | null {
  const [part, setPart] = useState<{ value: T } | null>(null);
  useEffect(() => {
    if (wanted && !part) void withStrings(load).then((value) => setPart({ value }));
  }, [wanted]);
  return part?.value ?? null;
}
