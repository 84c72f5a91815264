// A chat-completions server on loopback for the HTTP teacher's tests: it answers with a label
// that follows from the input ('spam' when the input says "win", else 'ham'), and injects the
// faults a test scripts per input and attempt (429 with retry-after, 5xx, a hang, malformed
// JSON, a body without choices, a dropped connection, a 400 on response_format json_schema).
// It records every request it saw and how many times it answered each input with a 200 that
// the client could use (paid).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export type Fault =
  | 'hang'
  | 'malformed'
  | 'no-choices'
  | 'drop'
  | { status: number; retryAfter?: string; /** Sent as is; default `{"error":{"message":"injected <status>"}}`. */ body?: string }

export interface ServerCall {
  input: string
  authorization: string | undefined
  body: Record<string, unknown>
  outcome: string
}

export interface ChatServerOptions {
  /** The fault for this input's attempt (0 = first request with this input), or undefined to answer. */
  faults?: (input: string, attempt: number) => Fault | undefined
  /** Answer 400 to any request whose response_format is json_schema (or json_object too). */
  reject?: 'json_schema' | 'json_schema+json_object'
  usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens: number } } | null
  /** Put this confidence into the JSON answer. */
  confidence?: number
  /** Probability of the label token in the logprobs, when the request asks for logprobs. */
  labelTokenProbability?: number
  /** Answer 401 with the Authorization header echoed, for inputs that contain this text. */
  echoAuthorizationFor?: string
}

export interface ChatServer {
  url: string
  calls: ServerCall[]
  /** 200s with a usable answer, by input. */
  paid: Map<string, number>
  close(): Promise<void>
}

export const labelFor = (input: string): 'spam' | 'ham' => (input.toLowerCase().includes('win') ? 'spam' : 'ham')

export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const calls: ServerCall[] = []
  const paid = new Map<string, number>()
  const attempts = new Map<string, number>()
  const sockets = new Set<Socket>()
  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const body = JSON.parse(text) as { messages: { role: string; content: string }[]; response_format?: { type: string }; logprobs?: boolean }
    const input = body.messages.find((m) => m.role === 'user')?.content ?? ''
    const attempt = attempts.get(input) ?? 0
    attempts.set(input, attempt + 1)
    const call: ServerCall = { input, authorization: req.headers.authorization, body, outcome: 'ok' }
    calls.push(call)
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(value))
    }
    const format = body.response_format?.type
    if ((format === 'json_schema' && options.reject !== undefined) || (format === 'json_object' && options.reject === 'json_schema+json_object')) {
      call.outcome = `400 ${format}`
      return json(400, { error: { message: `response_format ${format} is not supported by this server`, type: 'invalid_request_error' } })
    }
    if (options.echoAuthorizationFor !== undefined && input.includes(options.echoAuthorizationFor)) {
      call.outcome = '401'
      return json(401, { error: { message: `Incorrect API key provided: ${req.headers.authorization}` } })
    }
    const fault = options.faults?.(input, attempt)
    if (fault === 'hang') {
      call.outcome = 'hang'
      return // never answers; the client's timeout closes the socket
    }
    if (fault === 'drop') {
      call.outcome = 'drop'
      return req.socket.destroy()
    }
    if (fault === 'malformed') {
      call.outcome = 'malformed'
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end('{"choices": [{"message": ')
    }
    if (fault === 'no-choices') {
      call.outcome = 'no-choices'
      return json(200, { id: 'x', choices: [] })
    }
    if (fault !== undefined) {
      call.outcome = String(fault.status)
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }) })
      return res.end(fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}` } }))
    }
    const label = labelFor(input)
    const content = options.confidence === undefined ? JSON.stringify({ label }) : JSON.stringify({ label, confidence: options.confidence })
    const choice: Record<string, unknown> = { index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }
    if (body.logprobs && options.labelTokenProbability !== undefined) {
      const rest = content.slice(`{"label":"${label}`.length)
      choice.logprobs = {
        content: [
          { token: '{"', logprob: 0 },
          { token: 'label', logprob: 0 },
          { token: '":"', logprob: 0 },
          { token: label, logprob: Math.log(options.labelTokenProbability) },
          { token: rest, logprob: 0 },
        ],
      }
    }
    paid.set(input, (paid.get(input) ?? 0) + 1)
    const usage = options.usage === undefined ? { prompt_tokens: 100, completion_tokens: 10 } : options.usage
    json(200, { id: 'chatcmpl-1', object: 'chat.completion', model: String((body as { model?: unknown }).model), choices: [choice], ...(usage === null ? {} : { usage }) })
  }
  const server = createServer((req, res) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => handle(req, res, text))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    calls,
    paid,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
