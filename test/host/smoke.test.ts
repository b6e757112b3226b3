// The extension is present in a real VS Code, activates, and registers what its manifest promises.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';

const extensionId = `${manifest.publisher}.${manifest.name}`;

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(extensionId);
  assert.ok(found, `extension ${extensionId} is not loaded`);
  return found;
}

describe('smoke: the extension in a real VS Code', () => {
  it(`is loaded as ${extensionId}, from this repository's manifest`, () => {
    assert.equal(extension().packageJSON.version, manifest.version);
  });

  it('activates', async () => {
    await extension().activate();
    assert.equal(extension().isActive, true);
  });

  it('registers every command contributed in package.json', async () => {
    await extension().activate();
    const contributed: string[] = (extension().packageJSON.contributes?.commands ?? []).map(
      (entry: { command: string }) => entry.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], 'commands contributed in package.json but not registered');
  });
});
