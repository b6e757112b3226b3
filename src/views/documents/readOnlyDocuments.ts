// Read-only virtual documents (dry-run previews, Show Details): a content provider on its own
// scheme. Every text is redacted once more before it is shown; content is dropped when closed.
import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'user-erasure';

export type DocumentKind = 'markdown' | 'http';

const EXTENSIONS: Record<DocumentKind, string> = { markdown: 'md', http: 'http' };

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];
  private counter = 0;

  constructor(private readonly redact: (text: string) => string) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === READ_ONLY_SCHEME) this.contents.delete(doc.uri.toString());
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This document is no longer available; run the command again.';
  }

  /** Opens a new read-only document beside nothing else (a new tab each time). */
  async open(name: string, kind: DocumentKind, content: string): Promise<vscode.TextDocument> {
    const safeName = name.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'document';
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${++this.counter}/${safeName}.${EXTENSIONS[kind]}` });
    this.contents.set(uri.toString(), this.redact(content));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.contents.clear();
  }
}
