/**
 * Plain-text tables for the terminal: columns aligned, numbers right-aligned.
 */

/** A column: its header and whether values align right (numbers). */
export interface Column {
  header: string
  align?: 'left' | 'right'
}

/**
 * Renders rows under headers with two spaces between columns.
 *
 * @example
 * renderTable([{ header: 'id' }, { header: 'USD', align: 'right' }], [['prompt', '$1.00']])
 * // => 'id        USD\n------  -----\nprompt  $1.00'
 */
export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i]?.align === 'right' ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
