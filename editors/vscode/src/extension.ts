/**
 * The netc extension: starts `netc lsp` for .nn files and hands it the
 * editor's settings. Everything else (diagnostics, hover, inlay hints, quick
 * fixes, navigation) comes from the language server.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
/** One channel and one watcher for the extension's life, however often the server restarts. */
let output: vscode.OutputChannel;
let weightsWatcher: vscode.FileSystemWatcher;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('netc');
  // Weights files: when one changes on disk, the server reads its header again.
  weightsWatcher = vscode.workspace.createFileSystemWatcher('**/*.{safetensors,npz,npy}');
  context.subscriptions.push(
    output,
    weightsWatcher,
    vscode.commands.registerCommand('netc.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // The server reads its other settings itself; only how it is started needs a restart.
      if (e.affectsConfiguration('netc.server')) {
        await restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration('netc');
  const command = config.get<string>('server.path', 'netc');
  const args = config.get<string[]>('server.args', ['lsp']);
  const serverOptions: ServerOptions = {
    command,
    args,
    transport: TransportKind.stdio,
    // A spec's weights file is named relative to the spec: start in the first workspace folder.
    options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'netc' },
      { scheme: 'untitled', language: 'netc' },
    ],
    initializationOptions: { netc: settings(config) },
    outputChannel: output,
    synchronize: {
      // Sends `workspace/didChangeConfiguration` with the `netc` section whenever it changes.
      configurationSection: 'netc',
      fileEvents: weightsWatcher,
    },
  };
  const starting = new LanguageClient('netc', 'netc', serverOptions, clientOptions);
  client = starting;
  try {
    await starting.start();
  } catch (err) {
    // A client that failed to start still holds its process and listeners: let it go.
    client = undefined;
    await starting.dispose().catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`could not start \`${command} ${args.join(' ')}\`: ${message}`);
    void vscode.window.showErrorMessage(
      `netc: could not start \`${command} ${args.join(' ')}\` (${message}); the server's own words are in ` +
        'the netc output. Set `netc.server.path` to the repository\'s netc script, which finds a JDK 21+.',
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    // dispose() stops a running client and releases one that never started.
    await running.dispose().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/** The settings the server understands, as it reads them: `{ inlayHints: { enabled } }`. */
function settings(config: vscode.WorkspaceConfiguration): object {
  return { inlayHints: { enabled: config.get<boolean>('inlayHints.enabled', true) } };
}
