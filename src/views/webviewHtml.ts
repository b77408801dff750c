// The HTML shell of every monitor webview: a strict Content-Security-Policy (scripts and styles
// only from the extension's dist/webviews with a nonce, images from data:, no network), the
// shared stylesheet with the codicons, and one bundled front end from dist/webviews/.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where the webview bundles and their stylesheet live (esbuild.mjs writes them). */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
}

/** Options every monitor webview gets: scripts on, resources only from dist/webviews. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

/** The page of front end `name` (dist/webviews/NAME.js) titled `title`. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, name: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const root = webviewRoot(extensionUri);
  const css = webview.asWebviewUri(vscode.Uri.joinPath(root, 'views.css'));
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${name}.js`));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}" id="vscode-codicon-stylesheet" nonce="${nonce}">
<title>${title}</title>
</head>
<body data-view="${name}">
<div id="app" role="application" aria-label="${title}"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
