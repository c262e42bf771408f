// ValidateTest: the critic and the type check on their own.
import { invalidArgument } from '@superagent/grpc';
import { scribe } from '@superagent/proto';
import type { Validator } from '../validation/validator';
import { MAX_SPEC_BYTES, requireText } from './input-checks';

export function handleValidate(
  validator: Validator,
  typeCheckDefault: boolean,
  req: scribe.ValidateTestRequest,
): scribe.ValidateTestResponse {
  const spec = requireText('spec_source', req.specSource, MAX_SPEC_BYTES);
  if (req.baseUrl !== '') {
    let url: URL;
    try {
      url = new URL(req.baseUrl);
    } catch {
      throw invalidArgument('base_url', 'not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw invalidArgument('base_url', 'must use http or https');
  }
  const report = validator.validate(spec, {
    ...(req.baseUrl ? { baseUrl: req.baseUrl } : {}),
    typeCheck: req.typeCheck ?? typeCheckDefault,
  });
  return scribe.ValidateTestResponse.fromPartial({ report });
}
