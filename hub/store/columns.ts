import type { CodeStep } from './scrub';

/**
 * Adds a column unless the table has it already. SQLite has no `ADD COLUMN IF NOT EXISTS`,
 * and a migration must be safe to run over a schema that already holds it: a test (or an
 * operator) setting the version back re-runs every step after it (hub/erased-text.test.ts).
 */
export function addColumn(table: string, column: string, definition: string): CodeStep {
  return async (tx, _now, dialect) => {
    const exists =
      dialect === 'postgres'
        ? await tx.one('SELECT 1 AS x FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?', [table, column])
        : await tx.one('SELECT 1 AS x FROM pragma_table_info(?) WHERE name = ?', [table, column]);
    if (!exists) await tx.run(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  };
}
