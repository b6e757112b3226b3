// HTTP clients that respect VS Code's proxy settings with a per-client undici ProxyAgent (never
// the global dispatcher, which would also route the editor's own traffic).
import * as vscode from 'vscode';
import { Agent, ProxyAgent, type Dispatcher } from '../core/undici';
import { createHttpClient, type HttpClient } from '../core/http';
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';
import type { EngineSettings } from '../core/settings';

export class HttpClientFactory implements vscode.Disposable {
  private dispatcher: Dispatcher | undefined;
  private dispatcherKey = '';

  constructor(
    private readonly redactor: Redactor,
    private readonly logger: Logger,
  ) {}

  create(settings: EngineSettings): HttpClient {
    return createHttpClient({ dispatcher: this.currentDispatcher(), timeoutMs: settings.requestTimeoutMs, redactor: this.redactor, logger: this.logger });
  }

  private currentDispatcher(): Dispatcher {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = (http.get<string>('proxy') ?? '').trim();
    const strictSsl = http.get<boolean>('proxyStrictSSL') ?? true;
    const key = `${proxy}|${strictSsl}`;
    if (!this.dispatcher || key !== this.dispatcherKey) {
      void this.dispatcher?.close();
      this.dispatcher = proxy
        ? new ProxyAgent({ uri: proxy, requestTls: { rejectUnauthorized: strictSsl }, proxyTls: { rejectUnauthorized: strictSsl } })
        : new Agent({ connect: { rejectUnauthorized: true } });
      this.dispatcherKey = key;
    }
    return this.dispatcher;
  }

  dispose(): void {
    void this.dispatcher?.close();
  }
}
