// The ScribeService for startServer / startTestServer.
import { type HostedService, unary } from '@superagent/grpc';
import { scribe, serviceNames } from '@superagent/proto';
import { handleGenerate, type GenerateHandlerDeps } from './handlers/generate-handler';
import { handleRemember, handleSearch } from './handlers/pattern-handlers';
import { handleValidate } from './handlers/validate-handler';

export type ScribeServiceDeps = GenerateHandlerDeps;

export function createScribeService(deps: ScribeServiceDeps): HostedService {
  const implementation: scribe.ScribeServiceServer = {
    generateTest: unary((req: scribe.GenerateTestRequest, ctx) => handleGenerate(deps, req, ctx)),
    validateTest: unary(async (req: scribe.ValidateTestRequest) =>
      handleValidate(deps.validator, deps.settings.typeCheck, req),
    ),
    rememberPattern: unary((req: scribe.RememberPatternRequest, ctx) =>
      handleRemember(deps.memory, deps.allowedOrigins, req, ctx),
    ),
    searchPatterns: unary((req: scribe.SearchPatternsRequest, ctx) =>
      handleSearch(deps.memory, { minScore: deps.settings.patternMinScore }, req, ctx),
    ),
  };
  return { definition: scribe.ScribeServiceService, implementation, name: serviceNames.scribe };
}
