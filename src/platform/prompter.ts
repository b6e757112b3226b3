// Every question the extension asks goes through this interface, so host tests can script the
// answers (and read back what was asked) while users get VS Code's real pickers and dialogs.
import * as os from 'node:os';
import * as vscode from 'vscode';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  value: T;
}

export interface PickOptions {
  title: string;
  placeholder?: string;
}

export interface InputOptions {
  title: string;
  prompt?: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  /** Returns an error message, or undefined when the value is acceptable. */
  validate?: (value: string) => string | undefined;
}

export type MessageLevel = 'info' | 'warning' | 'error';

/** A notification to show: its level, text and buttons (built by pure code, shown through notify). */
export interface Notice {
  level: MessageLevel;
  message: string;
  buttons: string[];
}

export interface SaveLocationOptions {
  title: string;
  /** File name proposed in the dialog (in the workspace folder, else the home folder). */
  defaultName: string;
  /** Dialog filters, e.g. { CSV: ['csv'] }. */
  filters?: Record<string, string[]>;
  /** The dialog's save button. */
  saveLabel?: string;
}

export interface Prompter {
  pickOne<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined>;
  pickMany<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T[] | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal dialog; resolves to the chosen button, undefined on Cancel/Escape. */
  confirm(message: string, detail: string, buttons: readonly string[]): Promise<string | undefined>;
  /** A notification; resolves to the chosen button if any. */
  notify(level: MessageLevel, message: string, buttons?: readonly string[]): Promise<string | undefined>;
  /** A save dialog; resolves to the chosen file's path, undefined on Cancel. */
  saveLocation(options: SaveLocationOptions): Promise<string | undefined>;
}

/** Where multi-choice quick picks come from: VS Code's window (a host test observes the ones it makes). */
export interface QuickPickSource {
  createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T>;
}

export class VsCodePrompter implements Prompter {
  constructor(private readonly quickPicks: QuickPickSource = vscode.window) {}

  async pickOne<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    const chosen = await vscode.window.showQuickPick(
      items.map((item) => ({ ...item, value: undefined, item })),
      { title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: true },
    );
    return chosen?.item.value;
  }

  /**
   * Enter with nothing ticked takes the highlighted item (showQuickPick would answer an empty list,
   * as if the engineer had chosen nothing); Escape answers undefined. Ticked items come in item order.
   */
  pickMany<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T[] | undefined> {
    const rows = items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, picked: item.picked, item }));
    const quickPick = this.quickPicks.createQuickPick<(typeof rows)[number]>();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.ignoreFocusOut = true;
    quickPick.canSelectMany = true;
    quickPick.matchOnDescription = true;
    quickPick.items = rows;
    quickPick.selectedItems = rows.filter((row) => row.picked);
    return new Promise((resolve) => {
      let answer: T[] | undefined;
      quickPick.onDidAccept(() => {
        const chosen = quickPick.selectedItems.length > 0 ? quickPick.selectedItems : quickPick.activeItems.slice(0, 1);
        answer = rows.filter((row) => chosen.includes(row)).map((row) => row.item.value);
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        quickPick.dispose();
        resolve(answer);
      });
      quickPick.show();
    });
  }

  input(options: InputOptions): Promise<string | undefined> {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: options.title,
        prompt: options.prompt,
        value: options.value,
        placeHolder: options.placeholder,
        password: options.password,
        ignoreFocusOut: true,
        validateInput: options.validate,
      }),
    );
  }

  confirm(message: string, detail: string, buttons: readonly string[]): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons));
  }

  notify(level: MessageLevel, message: string, buttons: readonly string[] = []): Promise<string | undefined> {
    const show =
      level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...buttons));
  }

  async saveLocation(options: SaveLocationOptions): Promise<string | undefined> {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri ?? vscode.Uri.file(os.homedir());
    const chosen = await vscode.window.showSaveDialog({
      title: options.title,
      defaultUri: vscode.Uri.joinPath(folder, options.defaultName),
      filters: options.filters,
      saveLabel: options.saveLabel,
    });
    return chosen?.fsPath;
  }
}

/** Lets tests swap the prompter after activation without the commands holding a stale one. */
export class SwitchablePrompter implements Prompter {
  constructor(private current: Prompter) {}

  use(prompter: Prompter): void {
    this.current = prompter;
  }

  pickOne<T>(items: readonly PickItem<T>[], options: PickOptions) {
    return this.current.pickOne(items, options);
  }
  pickMany<T>(items: readonly PickItem<T>[], options: PickOptions) {
    return this.current.pickMany(items, options);
  }
  input(options: InputOptions) {
    return this.current.input(options);
  }
  confirm(message: string, detail: string, buttons: readonly string[]) {
    return this.current.confirm(message, detail, buttons);
  }
  notify(level: MessageLevel, message: string, buttons?: readonly string[]) {
    return this.current.notify(level, message, buttons);
  }
  saveLocation(options: SaveLocationOptions) {
    return this.current.saveLocation(options);
  }
}
