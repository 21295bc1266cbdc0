;;; eglot_check.el --- run by EmacsTest in `emacs --batch'  -*- lexical-binding: t; -*-

;; Loads editors/emacs/netc-mode.el as docs/editors.md says, opens a spec with a transposed
;; weight in a git repository, and writes what the user would see to $NETC_TEST_RESULT, a
;; line each: the mode's highlighting and comments, eglot's flymake diagnostic and the hover.
;; Exits 3 when no eglot can be loaded.

(let ((elpa "/usr/share/emacs/site-lisp/elpa"))
  ;; Debian's elpa-eglot (Emacs 28); Emacs 29 and later have eglot built in.
  (when (file-directory-p elpa)
    (dolist (d (directory-files elpa t "^[a-z]"))
      (add-to-list 'load-path d))))
(unless (require 'eglot nil t)
  (kill-emacs 3))
(add-to-list 'load-path (getenv "NETC_EMACS_DIR"))
(require 'netc-mode)
(setq netc-server-command (split-string (getenv "NETC_SERVER") "\t"))
(add-hook 'netc-mode-hook #'eglot-ensure)

(defvar netc-test-lines nil)
(defun netc-test-say (format-string &rest args)
  (push (apply #'format format-string args) netc-test-lines))

(find-file (getenv "NETC_SPEC"))
(netc-test-say "mode: %s" major-mode)
(font-lock-ensure)
(goto-char (point-min))
(netc-test-say "comment: %s" (and (nth 4 (syntax-ppss (+ (point-min) 5))) t))
(search-forward "network")
(netc-test-say "keyword face: %s" (get-text-property (1- (point)) 'face))
(search-forward "f32")
(netc-test-say "type face: %s" (get-text-property (1- (point)) 'face))

;; eglot-ensure connects after the next command; in batch there is none, so run its hook.
(run-hooks 'post-command-hook)
(let ((deadline (+ (float-time) 90)))
  (while (and (< (float-time) deadline) (null (flymake-diagnostics)))
    (accept-process-output nil 0.2)))
(dolist (d (flymake-diagnostics))
  (netc-test-say "diagnostic: %s" (replace-regexp-in-string "\n" " | " (flymake-diagnostic-text d))))
(goto-char (point-min))
(search-forward "@ W")
(backward-char 1)
(let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams)))
       (contents (plist-get hover :contents)))
  (netc-test-say "hover %s: %s" (plist-get contents :kind)
                 (replace-regexp-in-string "\n" " | " (plist-get contents :value))))
(with-temp-file (getenv "NETC_TEST_RESULT")
  (insert (mapconcat #'identity (reverse netc-test-lines) "\n") "\n"))
(kill-emacs 0)
