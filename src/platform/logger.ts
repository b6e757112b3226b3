// The "User Erasure" output channel as the engine's Logger; every line passes the redactor again,
// whatever the caller already did.
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';

export interface ShowableLogger extends Logger, vscode.Disposable {
  show(): void;
}

export function createOutputLogger(redactor: Redactor): ShowableLogger {
  const channel = vscode.window.createOutputChannel('User Erasure', { log: true });
  const clean = (message: string) => redactor.redactText(message);
  return {
    trace: (m) => channel.trace(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
