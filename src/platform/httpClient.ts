// HTTP clients that respect VS Code's proxy settings (http.proxy, http.proxyStrictSSL,
// http.noProxy, http.proxySupport "off") with per-client undici agents (never the global dispatcher, which would also route
// the editor's own traffic).
import * as vscode from 'vscode';
import { createHttpClient, type HttpClient } from '../core/http';
import type { Logger } from '../core/logger';
import { ProxyConfigurationError, ProxyRouter, proxySecrets, type Route, type RouteChooser } from '../core/proxy';
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
    const http = vscode.workspace.getConfiguration('http');
    // "off" disables proxy support for extensions: then this one goes direct too.
    const proxy = http.get<string>('proxySupport') === 'off' ? '' : (http.get<string>('proxy') ?? '').trim();
    const strictSsl = http.get<boolean>('proxyStrictSSL') ?? true;
    const noProxy = (http.get<unknown>('noProxy') ?? []) as unknown;
    const noProxyList = Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [];
    const key = JSON.stringify([proxy, strictSsl, noProxyList]);
    if (!this.routes || key !== this.routesKey) {
      void this.closeRoutes();
      this.routes = proxy ? this.proxyRoutes(proxy, strictSsl, noProxyList) : { route: () => ({ dispatcher: this.directAgent() }) };
      this.routesKey = key;
    }
    return this.routes;
  }

  private proxyRoutes(proxy: string, strictSsl: boolean, noProxy: string[]): RouteChooser {
    this.redactor.addSecret(...proxySecrets({ httpsProxy: proxy }));
    try {
      return new ProxyRouter({ httpsProxy: proxy, noProxy, strictSsl, httpsSource: 'the setting http.proxy', httpSource: 'the setting http.proxy' });
    } catch (error) {
      if (!(error instanceof ProxyConfigurationError)) throw error;
      // Every request is refused before it is sent, saying why; its IDs end "not sent", to resume once fixed.
      this.logger.error(error.message);
      return {
        route: (): Route => {
          throw error;
        },
      };
    }
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
