/**
 * What a Redis span says about its command: the command name and how many arguments it had.
 * The default serializer writes the arguments out, and SuperAgent's arguments are payloads —
 * task records with the feature description, usage rows, EVAL script bodies, keys built from
 * tenant and session ids — which must never reach a trace backend.
 */
export function redisStatement(cmdName: string, cmdArgs: readonly unknown[]): string {
  return `${cmdName} [${cmdArgs.length} argument${cmdArgs.length === 1 ? '' : 's'}]`;
}
