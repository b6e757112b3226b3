// HTTP clients that respect VS Code's proxy settings (http.proxy, http.proxyStrictSSL,
// http.noProxy, http.proxySupport "off") with per-client undici agents (never the global
// dispatcher, which would also route the editor's own traffic).
import * as vscode from 'vscode';
import { createHttpClient, type HttpClient } from '../core/http';
import type { Logger } from '../core/logger';
import { ProxyRouter, proxySecrets, routesFromEditorSettings, type EditorProxySettings, type RouteChooser } from '../core/proxy';
import type { Redactor } from '../core/redact';
import type { EngineSettings } from '../core/settings';
import { Agent, type Dispatcher } from '../core/undici';

export class HttpClientFactory implements vscode.Disposable {
  private routes: RouteChooser | undefined;
  private routesKey = '';
  private direct: Dispatcher | undefined;

  constructor(
    private readonly redactor: Redactor,
    private readonly logger: Logger,
  ) {}

  create(settings: EngineSettings): HttpClient {
    return createHttpClient({ routes: this.currentRoutes(), timeoutMs: settings.requestTimeoutMs, redactor: this.redactor, logger: this.logger });
  }

  private currentRoutes(): RouteChooser {
    const settings = editorProxySettings();
    const key = JSON.stringify(settings);
    if (!this.routes || key !== this.routesKey) {
      void this.closeRoutes();
      this.redactor.addSecret(...proxySecrets({ httpsProxy: settings.proxy }));
      this.routes = routesFromEditorSettings(settings) ?? { route: () => ({ dispatcher: this.directAgent() }) };
      if (settings.proxy.trim() && !(this.routes instanceof ProxyRouter) && settings.support !== 'off') {
        this.logger.error('the setting http.proxy is not a valid proxy URL: requests are not sent until it is fixed');
      }
      this.routesKey = key;
    }
    return this.routes;
  }

  private directAgent(): Dispatcher {
    this.direct ??= new Agent({ connect: { rejectUnauthorized: true } });
    return this.direct;
  }

  private async closeRoutes(): Promise<void> {
    if (this.routes instanceof ProxyRouter) await this.routes.close();
  }

  dispose(): void {
    void this.closeRoutes();
    void this.direct?.close();
  }
}

function editorProxySettings(): EditorProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  const noProxy = http.get<unknown>('noProxy');
  return {
    proxy: http.get<string>('proxy') ?? '',
    strictSsl: http.get<boolean>('proxyStrictSSL') ?? true,
    noProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [],
    support: http.get<string>('proxySupport'),
  };
}
