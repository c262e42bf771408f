// What scribe needs from a model vendor: one Messages-style call with tools, and its token usage.
// Anthropic is the implementation (anthropic-llm.ts); another vendor only has to map these shapes.

export type LlmBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; toolUseId: string; content: string; isError: boolean };

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: LlmBlock[];
}

export interface LlmTool {
  name: string;
  description: string;
  /** JSON schema of the tool's input. */
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmRequest {
  model: string;
  system: string;
  messages: LlmMessage[];
  tools: LlmTool[];
  maxTokens: number;
  signal?: AbortSignal;
}

export interface LlmResponse {
  content: LlmBlock[];
  stopReason: string;
  usage: LlmUsage;
  /** Model id the vendor reports. */
  model: string;
}

export interface LlmProvider {
  readonly name: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
}
