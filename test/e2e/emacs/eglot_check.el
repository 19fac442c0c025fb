;;; eglot_check.el --- drive a language server through Emacs + Eglot, headless -*- lexical-binding: t -*-
;;
;; Tested with Debian 12: emacs-nox 28.2 + elpa-eglot 1.9 (+ elpa-yaml-mode 0.0.15, optional).
;; Adapted from shared/recipes/editors/emacs/eglot_check.el (the project's editor-testing recipe); additions:
;;   LSP_WAIT_CODE (wait for a diagnostic with this code), LSP_EXPECT_CODES (comma list, the exact sorted codes),
;;   LSP_EXPECT_EDIT_FORM ("changes" | "documentChanges"), LSP_EXPECT_PREFERRED=1 (the chosen action is
;;   isPreferred), LSP_EXPECT_PLAIN_COMPLETION=1 (no snippet syntax),
;;   LSP_EXPECT_INSERTED (regexp the buffer must match after LSP_COMPLETE_ACCEPT=1),
;;   LSP_ACTION_KIND (request code actions with context.only = [kind], as `eglot-code-actions' does with a kind),
;;   LSP_EVENTS_OUT (file that receives Eglot's events and stderr buffers when the run fails).
;; Run:  emacs -Q --batch -l eglot_check.el  </dev/null      (wrap in `timeout` in CI)
;;
;; Same env-var interface as ../nvim/lsp_check.lua (subset):
;;   LSP_FILE, LSP_CMD_JSON, LSP_SETTINGS_JSON (-> eglot-workspace-configuration),
;;   LSP_INIT_OPTIONS_JSON (-> :initializationOptions in the contact), LSP_OUT,
;;   LSP_INIT_TIMEOUT_MS, LSP_DIAG_TIMEOUT_MS, LSP_SETTLE_MS, LSP_WAIT_DIAG (Emacs regexp),
;;   LSP_EXPECT_DIAGS, LSP_MAX_DIAGS, LSP_ACTION_AT_TEXT + LSP_ACTION_TITLE (Emacs regexp),
;;   LSP_COMPLETE_AT_TEXT (+ LSP_EXPECT_COMPLETION regexp, LSP_COMPLETE_ACCEPT=1 to let Emacs
;;   insert the unique candidate), LSP_HARD_TIMEOUT_MS, LSP_WRITE=0,
;;   LSP_T0_EPOCH_MS (launch time, `date +%s%3N`; adds since_launch_ms to the timing line)
;; Exit codes: 0 ok | 1 expectation failed | 2 bad usage | 3 timeout | 4 server died/failed | 5 elisp error
;; Code actions go through `M-x eglot-code-actions' (completing-read answered by us) and
;; completion through `eglot-completion-at-point' -- i.e. Eglot's own code paths.

(require 'package)
;; Debian's dh-elpa packages live in /usr/share/emacs/site-lisp/elpa. With `emacs -Q`
;; (--no-site-lisp) package-directory-list is nil, so add it before package-initialize.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'cl-lib)
(require 'subr-x)
(require 'json)
(require 'flymake)
(require 'eglot)

(defvar lc--t0 (float-time))
(defun lc--ms () (round (* 1000 (- (float-time) lc--t0))))
(defun lc--env (k &optional d) (let ((v (getenv k))) (if (or (null v) (string-empty-p v)) d v)))
(defun lc--envnum (k d) (let ((v (lc--env k))) (if v (string-to-number v) d)))
(defvar lc--out (lc--env "LSP_OUT"))
(when lc--out (write-region "" nil lc--out nil 'silent))
(defun lc--emit (alist)
  (let ((line (concat (json-encode alist) "\n")))
    (if lc--out (write-region line nil lc--out 'append 'silent) (princ line))))
(defun lc--log (fmt &rest args)
  (message "[eglot_check +%dms] %s" (lc--ms) (apply #'format fmt args)))   ; stderr in batch

(defvar lc--buf nil)
(defvar lc--finished nil)
(defvar lc--publishes 0)
(defvar lc--last-publish-ms nil)
(defvar lc--first-publish-ms nil)
(defvar lc--first-publish-epoch nil)
(defvar lc--diags nil)
(defvar lc--file nil)

(defun lc--finish (code reason)
  (unless lc--finished
    (setq lc--finished t)
    (lc--emit `((type . "result") (status . ,(if (= code 0) "ok" "fail"))
                (exit_code . ,code) (reason . ,reason) (elapsed_ms . ,(lc--ms))))
    (let ((events-out (lc--env "LSP_EVENTS_OUT")))
      (when (and events-out (/= code 0))
        (ignore-errors
          (dolist (b (buffer-list))
            (when (string-match-p "EGLOT" (buffer-name b))
              (write-region (format "===== %s =====\n" (buffer-name b)) nil events-out 'append 'silent)
              (with-current-buffer b (write-region nil nil events-out 'append 'silent)))))))
    (let ((server (and lc--buf (buffer-live-p lc--buf)
                       (with-current-buffer lc--buf (ignore-errors (eglot-current-server))))))
      (when server
        ;; shutdown request (3 s timeout) + exit, then jsonrpc kills the process if needed
        (ignore-errors (eglot-shutdown server nil 3))))
    (kill-emacs code)))

(defun lc--wait (timeout-ms pred)
  "Run the event loop until PRED is non-nil or TIMEOUT-MS elapsed. Return PRED's value."
  (let ((deadline (+ (float-time) (/ timeout-ms 1000.0))) ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.02))          ; also runs timers (jsonrpc, flymake, ours)
    (or ok (funcall pred))))

(defun lc--json-env (name default)
  (let ((s (lc--env name)))
    (if (not s) default
      (condition-case err
          (json-parse-string s :object-type 'plist :array-type 'array
                             :null-object nil :false-object :json-false)
        (error (lc--finish 2 (format "%s is not valid JSON: %S" name err)))))))

(defun lc--goto-text (text after)
  (goto-char (point-min))
  (if (search-forward text nil t)
      (unless after (goto-char (match-beginning 0)))
    (lc--finish 1 (format "text not found in buffer: %s" text))))

;; Record raw publishDiagnostics for our file (Eglot itself still handles them -> Flymake).
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (and (eq method 'textDocument/publishDiagnostics) lc--file
                         (string= (file-truename (eglot--uri-to-path (plist-get params :uri)))
                                  (file-truename lc--file)))
                (setq lc--publishes (1+ lc--publishes)
                      lc--last-publish-ms (lc--ms)
                      lc--first-publish-ms (or lc--first-publish-ms lc--last-publish-ms)
                      lc--first-publish-epoch (or lc--first-publish-epoch (float-time))
                      lc--diags (append (plist-get params :diagnostics) nil)))))

;; Never block on a prompt in batch (stdin is /dev/null anyway): answer yes and log it.
(advice-add 'y-or-n-p :override (lambda (prompt) (lc--log "auto-yes: %s" prompt) t))
(advice-add 'yes-or-no-p :override (lambda (prompt) (lc--log "auto-yes: %s" prompt) t))

(unless (require 'yaml-mode nil t)                 ; Emacs 28 has no YAML mode built in
  (define-derived-mode yaml-mode prog-mode "YAML")
  (add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode)))

(defun lc--edit-form (edit)
  (cond ((null edit) "none") ((plist-get edit :documentChanges) "documentChanges")
        ((plist-get edit :changes) "changes") (t "empty")))

(defun lc--snippet-syntax-p (text)
  (and text (string-match-p "\\$[0-9{]" text)))

(defun lc--main ()
  (let* ((file (or (lc--env "LSP_FILE") (lc--finish 2 "LSP_FILE not set")))
         (cmd (append (lc--json-env "LSP_CMD_JSON" ["yaml-language-server" "--stdio"]) nil))
         (settings (lc--json-env
                    "LSP_SETTINGS_JSON"
                    ;; plist form; keys become JSON object keys, section match is exact
                    '(:yaml (:validate t :completion t :hover t
                             :schemaStore (:enable :json-false)
                             :kubernetesCRDStore (:enable :json-false))
                      :\[yaml\] (:editor.tabSize 2))))
         (init-options (lc--json-env "LSP_INIT_OPTIONS_JSON" nil))
         (init-to (lc--envnum "LSP_INIT_TIMEOUT_MS" 10000))
         (diag-to (lc--envnum "LSP_DIAG_TIMEOUT_MS" 15000))
         (settle (lc--envnum "LSP_SETTLE_MS" 500))
         (want (lc--env "LSP_WAIT_DIAG"))
         (want-code (lc--env "LSP_WAIT_CODE")))
    (setq file (expand-file-name file) lc--file file)
    (unless (file-readable-p file) (lc--finish 2 (format "not readable: %s" file)))
    (unless (executable-find (car cmd)) (lc--finish 2 (format "server not executable: %s" (car cmd))))

    ;; don't litter the checkout (`foo.yaml~', `.#foo.yaml'); /tmp happens to be exempt from backups
    (setq make-backup-files nil create-lockfiles nil auto-save-default nil)
    (setq-default eglot-workspace-configuration settings)   ; answered to workspace/configuration
    (setq eglot-sync-connect t                               ; block until initialized ...
          eglot-connect-timeout (/ init-to 1000.0)           ; ... but bounded
          eglot-autoreconnect nil
          eglot-confirm-server-initiated-edits nil
          eglot-send-changes-idle-time 0.1)

    ;; The file's project is its own folder, also inside a git checkout (where `project-current' would otherwise
    ;; pick the repository and `eglot-current-server' would not find the transient project's server).
    (setq project-find-functions (list (lambda (_dir) (cons 'transient (file-name-directory file)))))
    (setq lc--buf (find-file-noselect file))
    (set-buffer lc--buf)
    (unless (derived-mode-p 'yaml-mode) (yaml-mode))
    (condition-case err
        (eglot '(yaml-mode) (cons 'transient (file-name-directory file)) 'eglot-lsp-server
               (append cmd (when init-options (list :initializationOptions init-options)))
               "yaml")
      (error (lc--finish (if (string-match-p "[Tt]ime" (error-message-string err)) 3 4)
                         (format "eglot connect failed: %s" (error-message-string err)))))
    (let ((server (eglot-current-server)))
      (unless (and server (jsonrpc-running-p server)) (lc--finish 4 "no live Eglot server for buffer"))
      (let ((info (eglot--server-info server)))
        (lc--emit `((type . "server_info") (name . ,(plist-get info :name))
                    (version . ,(plist-get info :version))
                    (code_action_provider . ,(if (eglot--server-capable :codeActionProvider) t :json-false))))))
    (let ((init-ms (lc--ms)))
      ;; Flymake normally starts on the first command (post-command-hook): never in batch.
      (flymake-start nil t)
      (unless (lc--wait diag-to
                        (lambda ()
                          (cond
                           (want-code (cl-some (lambda (d) (equal want-code (format "%s" (plist-get d :code)))) lc--diags))
                           (want
                              (cl-some (lambda (d) (string-match-p want (plist-get d :message))) lc--diags))
                           (t (and lc--last-publish-ms (>= (- (lc--ms) lc--last-publish-ms) settle))))))
        (lc--finish 3 (if (or want want-code) (format "no diagnostic matching %S within %dms" (or want-code want) diag-to)
                        (format "no publishDiagnostics within %dms" diag-to))))
      (flymake-start nil t)
      (lc--wait 2000 (lambda () (= (length (flymake-diagnostics)) (length lc--diags))))
      (lc--emit `((type . "timing") (init_ms . ,init-ms) (first_diagnostics_ms . ,lc--first-publish-ms)
                  (settled_ms . ,(lc--ms)) (publishes . ,lc--publishes)
                  (flymake_count . ,(length (flymake-diagnostics)))
                  (since_launch_ms . ,(let ((l (lc--envnum "LSP_T0_EPOCH_MS" nil)))
                                        (and l (round (- (* 1000 lc--first-publish-epoch) l))))))))
    (dolist (d lc--diags)
      (let* ((r (plist-get d :range)) (s (plist-get r :start)) (e (plist-get r :end)))
        (lc--emit `((type . "diagnostic")
                    (line . ,(1+ (plist-get s :line))) (col . ,(1+ (plist-get s :character)))
                    (end_line . ,(1+ (plist-get e :line))) (end_col . ,(1+ (plist-get e :character)))
                    (severity . ,(plist-get d :severity)) (message . ,(plist-get d :message))
                    (source . ,(plist-get d :source)) (code . ,(plist-get d :code))))))
    (let ((min (lc--envnum "LSP_EXPECT_DIAGS" nil)))
      (when (and min (< (length lc--diags) min))
        (lc--finish 1 (format "expected >= %d diagnostics, got %d" min (length lc--diags)))))
    (let ((want-codes (lc--env "LSP_EXPECT_CODES")))
      (when want-codes
        (let ((got (string-join (sort (mapcar (lambda (d) (format "%s" (plist-get d :code))) lc--diags) #'string<) ","))
              (exp (string-join (sort (split-string want-codes ",") #'string<) ",")))
          (unless (string= got exp)
            (lc--finish 1 (format "diagnostic codes %s, expected %s" got exp))))))
    (let ((max (lc--envnum "LSP_MAX_DIAGS" nil)))
      (when (and max (> (length lc--diags) max))
        (lc--finish 1 (format "expected <= %d diagnostics, got %d" max (length lc--diags)))))

    ;; ---- code action: exactly `M-x eglot-code-actions', with the menu answered by us
    (let ((at (lc--env "LSP_ACTION_AT_TEXT")) (title-re (lc--env "LSP_ACTION_TITLE")))
      (when at
        (lc--goto-text at nil)
        (let* ((tick (buffer-chars-modified-tick)) chosen
               (last-nonmenu-event ?\r))        ; else 1.9 tries x-popup-menu
          (cl-letf (((symbol-function 'completing-read)
                     (lambda (_prompt collection &rest _)
                       (dolist (c collection)
                         (let ((a (cdr c)))
                           (lc--emit `((type . "code_action") (title . ,(car c)) (kind . ,(plist-get a :kind))
                                       (has_edit . ,(if (plist-get a :edit) t :json-false))
                                       (is_preferred . ,(if (eq (plist-get a :isPreferred) t) t :json-false))
                                       (edit_form . ,(lc--edit-form (plist-get a :edit)))))))
                       (setq chosen (and title-re (cl-find-if (lambda (c) (string-match-p title-re (car c)))
                                                              collection)))
                       (if chosen (car chosen) (throw 'lc-no-choice nil)))))
            (condition-case err
                (catch 'lc-no-choice
                  (let ((kind (lc--env "LSP_ACTION_KIND")))
                    (if (not kind)
                        (call-interactively #'eglot-code-actions)
                      ;; `eglot-code-actions' with a kind sends `only' and runs a lone action without a menu:
                      ;; list them through the same menu hook, then run the chosen one the way Eglot does
                      (let ((actions (eglot-code-actions (point) nil kind nil)))
                        (completing-read "" (mapcar (lambda (a) (cons (plist-get a :title) a)) actions))
                        (eglot--read-execute-code-action (list (cdr chosen)) (eglot-current-server) kind)))))
              (error (lc--finish 1 (format "eglot-code-actions: %s" (error-message-string err))))))
          (when title-re
            (unless chosen (lc--finish 1 (format "no code action title matches %S" title-re)))
            (when (and (equal (lc--env "LSP_EXPECT_PREFERRED") "1")
                       (not (eq (plist-get (cdr chosen) :isPreferred) t)))
              (lc--finish 1 "the chosen action is not marked isPreferred"))
            (let ((want-form (lc--env "LSP_EXPECT_EDIT_FORM"))
                  (form (lc--edit-form (plist-get (cdr chosen) :edit))))
              (when (and want-form (not (equal want-form form)))
                (lc--finish 1 (format "the chosen action's edit uses %s, expected %s for this client's capabilities"
                                      form want-form))))
            (lc--wait 5000 (lambda () (/= tick (buffer-chars-modified-tick))))
            (let ((changed (/= tick (buffer-chars-modified-tick))))
              (lc--emit `((type . "applied") (title . ,(car chosen)) (buffer_changed . ,(if changed t :json-false))))
              (unless changed (lc--finish 1 "code action did not change the buffer"))
              (when (and (not (equal (lc--env "LSP_WRITE") "0")) (buffer-modified-p))
                (let ((inhibit-message t)) (save-buffer))
                (lc--emit `((type . "written") (file . ,file)))))))))

    ;; ---- completion through Eglot's completion-at-point function
    (let ((at (lc--env "LSP_COMPLETE_AT_TEXT")) (want-label (lc--env "LSP_EXPECT_COMPLETION")))
      (when at
        (lc--goto-text at t)
        (let* ((t-req (lc--ms))
               (capf (or (eglot-completion-at-point) (lc--finish 1 "no completion capf")))
               (table (nth 2 capf))
               ;; Emacs filters by the symbol around point (e.g. an existing value)
               (probe (buffer-substring-no-properties (nth 0 capf) (nth 1 capf)))
               (all (all-completions "" table))      ; everything the server returned
               (shown (all-completions probe table))  ; what the *Completions* UI would offer
               found)
          (dolist (c all)
            (let ((item (get-text-property 0 'eglot--lsp-item c)))
              (lc--emit `((type . "completion") (label . ,(plist-get item :label))
                          (insert_text_format . ,(plist-get item :insertTextFormat))
                          (editor_inserts . ,(substring-no-properties c))
                          (shown_for_prefix . ,(if (member c shown) t :json-false))))
              (when (and want-label (string-match-p want-label (plist-get item :label))) (setq found t))
              (when (and (equal (lc--env "LSP_EXPECT_PLAIN_COMPLETION") "1")
                         (or (eql (plist-get item :insertTextFormat) 2)
                             (lc--snippet-syntax-p (plist-get item :insertText))
                             (lc--snippet-syntax-p (plist-get (plist-get item :textEdit) :newText))))
                (lc--finish 1 (format "snippet syntax sent to a client without snippetSupport: %s"
                                      (plist-get item :label))))))
          (lc--emit `((type . "timing") (completion_ms . ,(- (lc--ms) t-req)) (completion_items . ,(length all))
                      (prefix . ,probe)))
          (when (and want-label (not found))
            (lc--finish 1 (format "no completion label matches %S" want-label)))
          ;; LSP_COMPLETE_ACCEPT=1: let Emacs insert it (`M-x completion-at-point'; only
          ;; meaningful when the prefix leaves exactly one candidate) and report the line.
          (when (equal (lc--env "LSP_COMPLETE_ACCEPT") "1")
            (let ((completion-at-point-functions '(eglot-completion-at-point))
                  (completion-auto-help nil))
              (completion-at-point)
              (let ((text (buffer-substring-no-properties (point-min) (point-max)))
                    (want-ins (lc--env "LSP_EXPECT_INSERTED")))
                (lc--emit `((type . "completion_inserted")
                            (line_text . ,(buffer-substring-no-properties
                                           (line-beginning-position) (line-end-position)))
                            (buffer . ,text)))
                (when (and want-ins (not (string-match-p want-ins text)))
                  (lc--finish 1 (format "after accepting the completion the buffer does not match %S" want-ins)))
                (when (and (equal (lc--env "LSP_EXPECT_PLAIN_COMPLETION") "1") (lc--snippet-syntax-p text))
                  (lc--finish 1 "accepting the completion inserted snippet syntax literally"))))))))
    (lc--finish 0 nil)))

(run-at-time (/ (lc--envnum "LSP_HARD_TIMEOUT_MS" 60000) 1000.0) nil
             (lambda () (lc--finish 3 "hard timeout (LSP_HARD_TIMEOUT_MS)")))
(condition-case err
    (lc--main)
  (error (lc--log "elisp error: %S" err)
         (lc--finish 5 (format "elisp error: %S" err))))
