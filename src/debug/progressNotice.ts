// One cancellable progress notification that the caller ends when the work is over: a thin handle
// over vscode.window.withProgress, whose task is a promise the handle resolves.

import * as vscode from 'vscode';

export interface ProgressNotice {
  /** Replaces the notification's message. */
  report(message: string): void;
  /** Closes the notification (idempotent). */
  end(): void;
}

/** Shows `title` now; `onCancel` runs when the user presses Cancel (the notification then closes). */
export function showProgressNotice(title: string, message: string, onCancel: () => void): ProgressNotice {
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  let ended = false;
  let sink: vscode.Progress<{ message?: string }> | undefined;
  let latest = message;
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    sink = progress;
    progress.report({ message: latest });
    token.onCancellationRequested(() => {
      if (ended) return;
      ended = true;
      finish();
      onCancel();
    });
    return done;
  });
  return {
    report(m: string): void {
      if (ended || m === latest) return;
      latest = m;
      sink?.report({ message: m });
    },
    end(): void {
      ended = true;
      finish();
    },
  };
}
