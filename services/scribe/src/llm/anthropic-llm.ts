// The Anthropic implementation of LlmProvider, on the official SDK. The base URL is configurable so
// tests can point it at a local server that speaks the Messages API with recorded answers.
import Anthropic from '@anthropic-ai/sdk';
import type { LlmBlock, LlmProvider, LlmRequest, LlmResponse } from './llm-provider';

export interface AnthropicOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
}

function toParam(block: LlmBlock): Anthropic.ContentBlockParam {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.toolUseId,
        content: block.content,
        is_error: block.isError,
      };
  }
}

export function createAnthropicLlm(opts: AnthropicOptions): LlmProvider {
  const client = new Anthropic({
    apiKey: opts.apiKey,
    ...(opts.baseUrl ? { baseURL: opts.baseUrl } : {}),
    timeout: opts.timeoutMs,
    maxRetries: 1,
  });
  return {
    name: 'anthropic',
    async complete(req: LlmRequest): Promise<LlmResponse> {
      const res = await client.messages.create(
        {
          model: req.model,
          max_tokens: req.maxTokens,
          system: req.system,
          messages: req.messages.map((m) => ({ role: m.role, content: m.content.map(toParam) })),
          tools: req.tools.map((t) => ({
            name: t.name,
            description: t.description,
            input_schema: t.inputSchema,
          })),
        },
        req.signal ? { signal: req.signal } : {},
      );
      const content: LlmBlock[] = [];
      for (const b of res.content) {
        if (b.type === 'text') content.push({ type: 'text', text: b.text });
        else if (b.type === 'tool_use')
          content.push({ type: 'tool_use', id: b.id, name: b.name, input: b.input });
      }
      return {
        content,
        stopReason: res.stop_reason ?? '',
        usage: {
          inputTokens:
            res.usage.input_tokens +
            (res.usage.cache_read_input_tokens ?? 0) +
            (res.usage.cache_creation_input_tokens ?? 0),
          outputTokens: res.usage.output_tokens,
        },
        model: res.model,
      };
    },
  };
}
