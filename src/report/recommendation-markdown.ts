/**
 * The recommendation as markdown, for notebooks: the choice, its reasons with their rule ids,
 * warnings, what was ruled out and what would change it.
 */
import type { Recommendation } from '../decide/decide.js'

/**
 * Markdown of a recommendation.
 *
 * @example
 * recommendationMarkdown({
 *   id: 'prompt', label: 'Prompt the frontier model', modifiers: [],
 *   reasons: [{ rule: 'low-volume', text: 'at 20,000 requests a month nothing else pays back' }],
 *   warnings: [], ruledOut: [{ id: 'finetune', reasons: [{ rule: 'no-examples', text: 'no labelled examples' }] }], ranking: [], whatWouldChange: [],
 * })
 * // => '### Recommendation: Prompt the frontier model\n\n- at 20,000 requests a month nothing else pays back *[low-volume]*' +
 * //    '\n\n**Ruled out**\n\n- `finetune`: no labelled examples *[no-examples]*'
 * // In a notebook: showMarkdown(recommendationMarkdown(decisionResult(analyseScenario(scenario)).recommendation))
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
