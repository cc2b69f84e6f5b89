// Main-side half of the contract: one dispatcher that checks the sender,
// validates the argument before a handler sees it, and validates the result
// before it leaves; plus the event emitter that validates payloads. Both
// transports (Electron ipcMain, the web host's WebSocket) go through it.
import type { z } from 'zod';
import { INVOKE_CHANNELS, isEventChannel, isInvokeChannel, type EventChannel, type InvokeChannel } from './channels';
import { eventContract, invokeContract, type EventPayload, type InvokeInput, type InvokeResult } from './contract';
import { redact } from '../redact';
import { IpcError, toWireError } from './errors';

export interface CallContext {
  /** URL of the page that made the call (already checked as trusted). */
  readonly senderUrl: string;
}

export type Handler<C extends InvokeChannel> = (
  input: InvokeInput<C>,
  context: CallContext,
) => InvokeResult<C> | Promise<InvokeResult<C>>;

/** A handler for every call in the contract; a missing one is a type error. */
export type Handlers = { readonly [C in InvokeChannel]: Handler<C> };

export interface DispatchOptions {
  /** Whether a page URL is Beacon's own renderer. */
  isTrustedSender(url: string): boolean;
  /** Diagnostics: channel names, issue paths and redacted messages, never argument values. */
  log?: (line: string) => void;
}

export type Dispatch = (channel: string, args: readonly unknown[], senderUrl: string | null | undefined) => Promise<unknown>;

const MAX_ISSUES = 5;

/** Issue paths and messages only: zod's messages name types and keys, not values. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (issues.length > MAX_ISSUES) parts.push(`and ${issues.length - MAX_ISSUES} more`);
  return parts.join('; ');
}

/** The values of an input's secret fields, read from the raw argument (it may not have parsed). */
function secretValues(channel: InvokeChannel, raw: unknown): string[] {
  const spec = invokeContract[channel];
  const fields: readonly string[] = 'secrets' in spec ? spec.secrets : [];
  if (fields.length === 0 || typeof raw !== 'object' || raw === null) return [];
  const values: string[] = [];
  for (const field of fields) {
    const value: unknown = (raw as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    // Very short strings would redact ordinary words; tokens are never this short.
    if (trimmed.length >= 4) values.push(trimmed);
    if (value.length >= 4 && value !== trimmed) values.push(value);
  }
  return values;
}

function containsSecret(value: unknown, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  const text = JSON.stringify(value) ?? '';
  return secrets.some((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
}

export function createDispatcher(handlers: Handlers, options: DispatchOptions): Dispatch {
  const log = options.log ?? (() => {});
  return async (channel, args, senderUrl) => {
    if (!isInvokeChannel(channel)) {
      throw new IpcError('unknown_channel', `unknown call "${String(channel).slice(0, 80)}"; known: ${INVOKE_CHANNELS.join(', ')}`);
    }
    if (typeof senderUrl !== 'string' || !options.isTrustedSender(senderUrl)) {
      log(`ipc: refused ${channel} from an untrusted page`);
      throw new IpcError('untrusted_sender', `${channel}: refused: the call did not come from Beacon's own page`);
    }
    const spec = invokeContract[channel];
    const secrets = secretValues(channel, args[0]);
    if (args.length > 1) {
      throw new IpcError('bad_argument', `${channel}: invalid argument — expected at most one argument, got ${args.length}`);
    }
    const parsed = spec.input.safeParse(args[0]);
    if (!parsed.success) {
      throw new IpcError('bad_argument', redact(`${channel}: invalid argument — ${formatIssues(parsed.error.issues)}`, secrets));
    }

    let value: unknown;
    try {
      const handler = handlers[channel] as (input: unknown, context: CallContext) => unknown;
      value = await handler(parsed.data, { senderUrl });
    } catch (error) {
      if (error instanceof IpcError) throw new IpcError(error.code, redact(error.message, secrets));
      const message = redact(error instanceof Error ? error.message : String(error), secrets).slice(0, 500);
      log(`ipc: ${channel} failed: ${message}`);
      throw new IpcError('failed', `${channel} failed: ${message}`);
    }

    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      log(`ipc: ${channel} produced a result outside the contract: ${formatIssues(checked.error.issues)}`);
      throw new IpcError('bad_result', `${channel}: Beacon produced an invalid result (a bug; see the log)`);
    }
    if (containsSecret(checked.data, secrets)) {
      log(`ipc: ${channel} tried to return a secret input value; refused`);
      throw new IpcError('bad_result', `${channel}: Beacon produced an invalid result (a bug; see the log)`);
    }
    return checked.data;
  };
}

/** The part of Electron's ipcMain the registry uses (a fake in unit tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { readonly senderFrame?: { readonly url: string } | null }, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

/**
 * Binds every contract call on ipcMain. Errors cross as IpcError wire text,
 * which the client turns back into a clear message. Returns the unbinder.
 */
export function registerHandlers(ipcMain: IpcMainLike, handlers: Handlers, options: DispatchOptions): () => void {
  const dispatch = createDispatcher(handlers, options);
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args) => {
      try {
        return await dispatch(channel, args, event.senderFrame?.url);
      } catch (error) {
        throw new Error(toWireError(error, channel));
      }
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

export type EmitEvent = <E extends EventChannel>(event: E, payload: EventPayload<E>) => boolean;

/**
 * Wraps a raw sender so only contract events with valid payloads go out. A
 * bad payload is dropped and logged rather than thrown into the service
 * callback that produced it.
 */
export function createEventEmitter(
  send: (channel: EventChannel, payload: unknown) => void,
  log: (line: string) => void = () => {},
): EmitEvent {
  return (event, payload) => {
    if (!isEventChannel(event)) {
      log(`ipc: refused to emit unknown event ${String(event).slice(0, 80)}`);
      return false;
    }
    const checked = eventContract[event].payload.safeParse(payload);
    if (!checked.success) {
      log(`ipc: dropped ${event}: payload outside the contract: ${formatIssues(checked.error.issues)}`);
      return false;
    }
    send(event, checked.data);
    return true;
  };
}
