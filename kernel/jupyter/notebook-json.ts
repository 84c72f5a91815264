// The parts of the .ipynb format (nbformat 4) the notebook runner reads and writes.
// Reference: https://nbformat.readthedocs.io/en/latest/format_description.html
import { readFileSync } from 'node:fs'

import { invalidNotebook } from './messages.js'

/** One cell of an nbformat 4 notebook; fields we do not use pass through untouched. */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw' | string
  /** Either one string or a list of lines (each keeping its trailing newline). */
  source: string | string[]
  metadata: { tags?: string[]; [key: string]: unknown }
  /** nbformat >= 4.5: unique within the notebook, [a-zA-Z0-9-_]{1,64}. */
  id?: string
  outputs?: unknown[]
  execution_count?: number | null
  [key: string]: unknown
}

/** An nbformat 4 notebook document. */
export interface NotebookDocument {
  cells: NotebookCell[]
  metadata: { kernelspec?: { name?: string; display_name?: string; language?: string }; [key: string]: unknown }
  nbformat: number
  nbformat_minor: number
}

/**
 * Reads and minimally checks a notebook file (nbformat 4, a cells array).
 * @throws when the file is not JSON or not an nbformat 4 notebook; the message names the file
 */
export function readNotebook(path: string): NotebookDocument {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(invalidNotebook(path, error instanceof Error ? error.message : String(error)))
  }
  const document = parsed as Partial<NotebookDocument> | null
  if (document === null || typeof document !== 'object' || !Array.isArray(document.cells)) {
    throw new Error(invalidNotebook(path, 'no cells array'))
  }
  if (document.nbformat !== 4) {
    throw new Error(invalidNotebook(path, `nbformat ${String(document.nbformat)} (must be 4)`))
  }
  return document as NotebookDocument
}

/** A cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source
}

/** A cell's first non-blank source line, trimmed ('' for an empty cell). */
export function firstSourceLine(cell: NotebookCell): string {
  return cellSource(cell).split('\n').find((line) => line.trim() !== '')?.trim() ?? ''
}

/** Whether a cell carries a tag (`metadata.tags`, as papermill and Jupyter store them). */
export function hasTag(cell: NotebookCell, tag: string): boolean {
  return Array.isArray(cell.metadata?.tags) && cell.metadata.tags.includes(tag)
}

/** Whether Jupyter runs this cell: a code cell with non-blank source (nbclient skips the rest). */
export function isExecutable(cell: NotebookCell): boolean {
  return cell.cell_type === 'code' && cellSource(cell).trim() !== ''
}

/** A source string as nbformat's list of lines (what Jupyter writes on save). */
export function sourceLines(source: string): string[] {
  return source.split(/(?<=\n)/).filter((line) => line !== '')
}
