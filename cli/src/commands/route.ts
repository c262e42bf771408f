import { common, router } from '@superagent/proto';
import { authOptions, routerClient } from '../clients';
import { dollars, enumLabel, tierLabel } from '../format';
import type { CommandContext } from './context';

export async function routeCommand(
  ctx: CommandContext,
  input: { description: string; taskType: string; testPath: string; sessionId: string; tenantId: string },
): Promise<number> {
  const client = routerClient(ctx.addresses.router);
  try {
    const res = await client.unary(
      'route',
      router.RouteRequest.fromPartial({
        // main() lets only the enum's names through.
        taskType: common.taskTypeFromJSON(`TASK_TYPE_${input.taskType.toUpperCase()}`),
        description: input.description,
        testPath: input.testPath,
        sessionId: input.sessionId,
        tenantId: input.tenantId,
      }),
      authOptions(ctx.apiKey),
    );
    if (ctx.json) ctx.print(router.RouteResponse.toJSON(res));
    else {
      const c = res.complexity;
      const lines = [
        `agent ${res.agent}, tier ${tierLabel(res.tier)} (${res.modelId}), cost cap ${dollars(res.costCapMicros)}`,
        `why: ${res.reason}`,
      ];
      if (c) {
        lines.push(`complexity ${c.score} (${enumLabel(common.difficultyToJSON(c.difficulty))})`);
        // Only the categories that scored, each with the words that made it score.
        for (const cat of c.categories.filter((x) => x.points > 0 || x.matched.length > 0))
          lines.push(`  ${cat.name} +${cat.points}: ${cat.matched.join(', ')}`);
      }
      ctx.print(lines.join('\n'));
    }
    return 0;
  } finally {
    client.close();
  }
}
