import * as vscode from 'vscode';

/**
 * The links of a plan document whose URI is its chart folder plus a file name: `[text](templates/x.yaml#L4)`,
 * relative to the chart folder, resolved to the file at that line. The static and the rendered plan share it.
 */
export function planLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
  const chart = vscode.Uri.joinPath(doc.uri, '..').with({ scheme: 'file', query: '' });
  const links: vscode.DocumentLink[] = [];
  const text = doc.getText();
  for (const m of text.matchAll(/\]\(([^)\s]+)#L(\d+)\)/g)) {
    const at = (m.index ?? 0) + 2;
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + m[1].length + 2 + m[2].length));
    const target = vscode.Uri.joinPath(chart, ...decodeURI(m[1]).split('/')).with({ fragment: `L${m[2]}` });
    links.push(new vscode.DocumentLink(range, target));
  }
  return links;
}
