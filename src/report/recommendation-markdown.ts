/**
 * The recommendation as markdown, for notebooks: the choice, its reasons with their rule ids,
 * warnings, what was ruled out and what would change it.
 */
import type { Recommendation } from '../decide/decide.js'

/**
 * Markdown of a recommendation.
 *
 * @example
 * showMarkdown(recommendationMarkdown(result.recommendation))
 */
export function recommendationMarkdown(recommendation: Recommendation): string {
  const lines = [`### Recommendation: ${recommendation.label}`, '']
  for (const r of recommendation.reasons) lines.push(`- ${r.text} *[${r.rule}]*`)
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return
    lines.push('', `**${title}**`, '', ...items.map((i) => `- ${i}`))
  }
  section('Warnings', recommendation.warnings.map((w) => `${w.text} *[${w.rule}]*`))
  section('Ruled out', recommendation.ruledOut.map((r) => `\`${r.id}\`: ${r.reasons.map((x) => `${x.text} *[${x.rule}]*`).join('; ')}`))
  section('What would change it', recommendation.whatWouldChange)
  return lines.join('\n')
}
