// The part of html-to-text 10 (which ships no type declarations) that src/corpus/html-text.ts uses.
declare module 'html-to-text' {
  export interface SelectorDefinition {
    selector: string
    format?: string
    options?: Record<string, unknown>
  }
  export interface HtmlToTextOptions {
    wordwrap?: number | false | null
    selectors?: SelectorDefinition[]
    limits?: { maxInputLength?: number; maxChildNodes?: number; maxDepth?: number; ellipsis?: string }
  }
  export function convert(html: string, options?: HtmlToTextOptions): string
  export function compile(options?: HtmlToTextOptions): (html: string) => string
}
