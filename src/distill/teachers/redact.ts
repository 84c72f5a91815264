/**
 * Keeping a secret out of text that leaves the process: errors, problems, descriptions.
 */

/**
 * `text` with every occurrence of `secret` replaced by `[redacted]`; unchanged when there is no
 * secret. A server may echo the key in an error body; whatever the teacher reports passes here.
 *
 * @example
 * redactSecret('Incorrect API key provided: sk-test-123', 'sk-test-123') // => 'Incorrect API key provided: [redacted]'
 * redactSecret('nothing to hide', undefined) // => 'nothing to hide'
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret === '') return text
  return text.split(secret).join('[redacted]')
}
