// The VS Code client of the toulmin language server: starts `toulmin lsp` over stdio
// for .claim files. The command is the setting `toulmin.command` (default `toulmin lsp`).
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("toulmin").get("command");
  const server = { command, args };
  client = new LanguageClient(
    "toulmin",
    "Toulmin",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "claim" }, { scheme: "untitled", language: "claim" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
