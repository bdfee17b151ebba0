import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Decides which open documents are chart templates: `helm` documents always; YAML only when it sits under
 * a `templates/` folder whose parent holds `Chart.yaml`. Answers are cached per folder.
 */
export class DocumentScope {
  private readonly chartDirs = new Map<string, boolean>();

  isTemplate(uri: string, languageId: string): boolean {
    if (languageId === 'helm') return true;
    if (languageId !== 'yaml') return false;
    let file: string;
    try {
      if (!uri.startsWith('file:')) return false;
      file = fileURLToPath(uri);
    } catch {
      return false;
    }
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (path.basename(dir) === 'templates' && this.hasChartYaml(path.dirname(dir))) return true;
      if (path.dirname(dir) === dir) return false;
    }
  }

  forget(): void {
    this.chartDirs.clear();
  }

  private hasChartYaml(dir: string): boolean {
    let known = this.chartDirs.get(dir);
    if (known === undefined) {
      known = fs.existsSync(path.join(dir, 'Chart.yaml'));
      this.chartDirs.set(dir, known);
    }
    return known;
  }
}
