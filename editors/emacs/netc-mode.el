;;; netc-mode.el --- Major mode for netc's .nn network specs  -*- lexical-binding: t; -*-

;; Tested with Emacs 28.2 and eglot 1.9 (Debian 12); works with the eglot of Emacs 29 and 30.

;;; Commentary:

;; Highlighting, comments (`//', `#' and `/* */') and indentation for .nn files, and
;; the netc language server registered with eglot.  In init.el:
;;
;;   (add-to-list 'load-path "/path/to/netc/editors/emacs")
;;   (require 'netc-mode)
;;   (setq netc-server-command '("/path/to/netc/netc" "lsp"))
;;   (add-hook 'netc-mode-hook #'eglot-ensure)

;;; Code:

(defgroup netc nil
  "Editing netc network specs."
  :group 'languages
  :prefix "netc-")

(defcustom netc-server-command '("netc" "lsp")
  "The command that starts the netc language server: program, then arguments.
/path/to/netc/netc finds a JDK 21 or newer itself."
  :type '(repeat string))

(defcustom netc-indent-offset 2
  "How far a network's statements are indented."
  :type 'integer)

(defconst netc-keywords '("network" "dim" "weights" "input" "param" "output" "from"))

(defconst netc-element-types '("f32" "f16" "bf16" "f64" "i64" "i32" "i8"))

(defvar netc-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; `//' and `#' start comments that end at the line's end (style b); `/* */' is style a.
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?# "< b" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (dolist (c '(?@ ?+ ?- ?= ?: ?.))
      (modify-syntax-entry c "." table))
    table)
  "Syntax table for `netc-mode'.")

(defvar netc-font-lock-keywords
  `((,(regexp-opt netc-keywords 'symbols) . font-lock-keyword-face)
    (,(regexp-opt netc-element-types 'symbols) . font-lock-type-face)
    ("\\_<network\\s-+\\(\\(?:\\sw\\|\\s_\\)+\\)" 1 font-lock-type-face)
    ("\\_<\\(?:input\\|param\\|dim\\|output\\)\\s-+\\(\\(?:\\sw\\|\\s_\\)+\\)" 1 font-lock-variable-name-face)
    ("^\\s-*\\(\\(?:\\sw\\|\\s_\\)+\\)\\s-*=" 1 font-lock-variable-name-face)
    ("\\(\\(?:\\sw\\|\\s_\\)+\\)\\s-*(" 1 font-lock-function-name-face)
    ("\\_<[0-9][0-9_]*\\(?:\\.[0-9_]*\\)?\\(?:[eE][-+]?[0-9]+\\)?\\_>" . font-lock-constant-face))
  "Highlighting for `netc-mode'.")

(defun netc-indent-line ()
  "Indent the current line by the depth of brackets and braces around it."
  (interactive)
  (let* ((depth (save-excursion (car (syntax-ppss (line-beginning-position)))))
         (closing (save-excursion (back-to-indentation) (looking-at-p "[])}]")))
         (column (* netc-indent-offset (max 0 (if closing (1- depth) depth))))
         (offset (- (current-column) (current-indentation))))
    (indent-line-to column)
    (when (> offset 0)
      (forward-char offset))))

;;;###autoload
(define-derived-mode netc-mode prog-mode "netc"
  "Major mode for netc's .nn network specs."
  :syntax-table netc-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?://+\\|#+\\|/\\*+\\)\\s-*")
  (setq-local indent-line-function #'netc-indent-line)
  (setq-local font-lock-defaults '(netc-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.nn\\'" . netc-mode))

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs
               `(netc-mode . ,(lambda (&rest _) netc-server-command))))

(provide 'netc-mode)

;;; netc-mode.el ends here
