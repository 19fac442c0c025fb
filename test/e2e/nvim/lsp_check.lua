-- lsp_check.lua -- drive a language server through Neovim's OWN built-in LSP
-- client (vim.lsp), headless, and report what the editor saw as JSON lines.
-- Adapted from shared/recipes/editors/nvim/lsp_check.lua (the project's editor-testing recipe); additions:
-- LSP_WAIT_CODE, LSP_EXPECT_CODES, LSP_EXPECT_EDIT_FORM, LSP_EXPECT_PREFERRED, LSP_EXPECT_PLAIN_COMPLETION,
-- LSP_ACTION_AT_LINE_START.
--
-- Works on Neovim 0.7.x (Debian 12) and later. 0.7 has no vim.lsp.start() and
-- no `nvim -l`, so run it as:
--   nvim --headless -u NONE -i NONE -n -c 'luafile lsp_check.lua'
-- (wrap in `timeout` in CI; see run_nvim.sh).  All input comes from env vars:
--
--   LSP_FILE            file to open (required)
--   LSP_CMD_JSON        server argv as JSON array  (default ["yaml-language-server","--stdio"])
--   LSP_ROOT            workspace root (default: dir of LSP_FILE)
--   LSP_LANGUAGE_ID     languageId in didOpen (default "yaml"; -u NONE has no filetype detection)
--   LSP_SETTINGS_JSON   answers to workspace/configuration (client.config.settings)
--   LSP_INIT_OPTIONS_JSON  initializationOptions
--   LSP_SNIPPETS=1      declare completionItem.snippetSupport=true (0.7 default: false)
--   LSP_STOCK_CAPS=1    do not add workspace.configuration=true (stock 0.7 omits it)
--   LSP_CAPS_PATCH_JSON JSON deep-merged into the client capabilities
--   LSP_PUSH_SETTINGS=1 send workspace/didChangeConfiguration{settings} in on_init, like
--                       nvim-lspconfig does (core 0.7 only answers workspace/configuration pulls)
--   LSP_OUT             write JSON lines here instead of stdout
--   LSP_INIT_TIMEOUT_MS (10000)  LSP_DIAG_TIMEOUT_MS (15000)  LSP_REQ_TIMEOUT_MS (10000)
--   LSP_SETTLE_MS       (500) after first publishDiagnostics, wait until no new publish for this long
--   LSP_WAIT_DIAG       Lua pattern: instead of "first publish + settle", wait until a diagnostic
--                       message matches this pattern
--   LSP_EXPECT_DIAGS    minimum number of diagnostics required (exit 1 if fewer)
--   LSP_WAIT_CODE       like LSP_WAIT_DIAG, but waits for a diagnostic whose `code` equals this
--   LSP_EXPECT_CODES    comma list: the codes of the last publish, sorted, must equal this list exactly
--   LSP_EXPECT_EDIT_FORM  "changes" or "documentChanges": the form the chosen action's WorkspaceEdit must use
--   LSP_EXPECT_PREFERRED=1  the chosen action must carry isPreferred: true
--   LSP_EXPECT_PLAIN_COMPLETION=1  fail if an item is a snippet (insertTextFormat 2 or `$1`/`${` in its text)
--   LSP_MAX_DIAGS       maximum allowed (LSP_MAX_DIAGS=0: "valid manifest is clean"; use the
--                       settle wait, not LSP_WAIT_DIAG, since an empty publish must count)
--   LSP_ACTION_AT       "LINE:COL" (1-based, COL in bytes) cursor for the code action, or
--   LSP_ACTION_AT_TEXT  plain text; cursor goes to its first occurrence
--   LSP_ACTION_AT_LINE_START=1  then the cursor goes to column 1 of that line (as after `0`)
--   LSP_ACTION_TITLE    Lua pattern; the first offered action whose title matches is applied
--                       (through vim.lsp.buf.code_action() + vim.ui.select, i.e. the editor's path)
--   LSP_WRITE=0         do not :write the buffer after applying (default: write)
--   LSP_COMPLETE_AT / LSP_COMPLETE_AT_TEXT   position for textDocument/completion (same syntax;
--                       _AT_TEXT puts the cursor just AFTER the text)
--   LSP_EXPECT_COMPLETION  Lua pattern that at least one completion label must match
--   LSP_HARD_TIMEOUT_MS (60000) in-process watchdog
--   LSP_T0_EPOCH_MS     launch time (`date +%s%3N`) -> timing.since_launch_ms = launch..first diagnostics
--   LSP_VERBOSE=1       log window/logMessage to stderr
--
-- Exit codes: 0 ok | 1 expectation failed (no/too few diagnostics, no matching action,
--   edit not applied, completion label missing) | 2 bad usage | 3 timeout | 4 server died |
--   5 Lua error in this script.
--
-- Output (one JSON object per line, "type" field):
--   timing, server_info, diagnostic, code_action, applied, completion, result

local uv = vim.loop
local t0 = uv.hrtime()
local function ms() return math.floor((uv.hrtime() - t0) / 1e6) end
local function epoch_ms() local sec, usec = uv.gettimeofday(); return sec * 1000 + math.floor(usec / 1000) end
local function env(k, d) local v = os.getenv(k); if v == nil or v == '' then return d end; return v end
local function envnum(k, d) return tonumber(env(k, '')) or d end

local out_fh = io.stdout
if env('LSP_OUT') then out_fh = assert(io.open(env('LSP_OUT'), 'w')) end
-- cjson escapes '/' as '\/'; undo that for readability (still valid JSON)
local function emit(t) out_fh:write((vim.json.encode(t):gsub('\\/', '/')), '\n'); out_fh:flush() end
local function log(...)
  local parts = {}
  for i = 1, select('#', ...) do parts[#parts + 1] = tostring((select(i, ...))) end
  io.stderr:write(string.format('[lsp_check +%dms] %s\n', ms(), table.concat(parts, ' ')))
end

local state = { client_id = nil, server_exit = nil, finished = false, publishes = 0,
                last_publish_ms = nil, diags = nil, exec_cmd_done = false }

local function finish(code, reason)
  if state.finished then return end
  state.finished = true
  emit({ type = 'result', status = code == 0 and 'ok' or 'fail', exit_code = code,
         reason = reason, elapsed_ms = ms() })
  -- graceful shutdown/exit, bounded; then SIGTERM via stop(true)
  local client = state.client_id and vim.lsp.get_client_by_id(state.client_id)
  if client then
    client.stop()
    if not vim.wait(3000, function() return state.server_exit ~= nil end, 20) then
      log('server did not exit after shutdown/exit; sending SIGTERM')
      client.stop(true)
      vim.wait(1000, function() return state.server_exit ~= nil end, 20)
    end
  end
  if out_fh ~= io.stdout then out_fh:close() end
  vim.cmd('cquit ' .. code)   -- `:cquit 0` exits 0; works in 0.7
end

-- in-process watchdog (the CI wrapper should still use `timeout`)
local watchdog = uv.new_timer()
watchdog:start(envnum('LSP_HARD_TIMEOUT_MS', 60000), 0, vim.schedule_wrap(function()
  finish(3, 'hard timeout (LSP_HARD_TIMEOUT_MS)')
end))

local function decode_env_json(name, default)
  local s = env(name)
  if not s then return default end
  local ok, v = pcall(vim.json.decode, s)
  if not ok then finish(2, name .. ' is not valid JSON: ' .. tostring(v)) end
  return v
end

-- "LINE:COL" (1-based) or text search -> {row(1-based), col(0-based byte)} for nvim_win_set_cursor
local function resolve_pos(at, at_text, after)
  if at then
    local l, c = at:match('^(%d+):(%d+)$')
    if not l then finish(2, 'bad position "' .. at .. '" (want LINE:COL, 1-based)') end
    return { tonumber(l), tonumber(c) - 1 }
  end
  if at_text then
    local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    for i, line in ipairs(lines) do
      local s, e = line:find(at_text, 1, true)
      if s then return { i, after and e or (s - 1) } end
    end
    finish(1, 'text not found in buffer: ' .. at_text)
  end
  return nil
end

local function main()
  local file = env('LSP_FILE')
  if not file then return finish(2, 'LSP_FILE not set') end
  file = vim.fn.fnamemodify(file, ':p')
  if vim.fn.filereadable(file) ~= 1 then return finish(2, 'not readable: ' .. file) end

  local cmd = decode_env_json('LSP_CMD_JSON', { 'yaml-language-server', '--stdio' })
  if vim.fn.executable(cmd[1]) ~= 1 then return finish(2, 'server not executable: ' .. cmd[1]) end

  -- Defaults suitable for an offline CI box: no SchemaStore / CRD catalog downloads.
  local settings = decode_env_json('LSP_SETTINGS_JSON', {
    yaml = {
      validate = true, completion = true, hover = true,
      schemaStore = { enable = false },
      kubernetesCRDStore = { enable = false },
    },
    -- yaml-language-server only sets its indentation (used by the tab->space quick fix)
    -- from this section; without it the fix inserts the string "undefined".
    ['[yaml]'] = { ['editor.tabSize'] = 2 },
  })
  local init_options = decode_env_json('LSP_INIT_OPTIONS_JSON', nil)

  -- Capabilities: start from what Neovim itself advertises, then add what 0.7 omits.
  local caps = vim.lsp.protocol.make_client_capabilities()
  -- 0.7 answers workspace/configuration requests but does not advertise it (0.8+ does).
  -- LSP_STOCK_CAPS=1 sends exactly what stock 0.7 sends.
  if env('LSP_STOCK_CAPS') ~= '1' then caps.workspace.configuration = true end
  if env('LSP_SNIPPETS') == '1' then
    caps.textDocument.completion.completionItem.snippetSupport = true
  end
  local patch = decode_env_json('LSP_CAPS_PATCH_JSON', nil)
  if patch then caps = vim.tbl_deep_extend('force', caps, patch) end

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local my_fname = vim.uri_to_fname(vim.uri_from_bufnr(bufnr))

  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and vim.uri_to_fname(result.uri) == my_fname then
        state.publishes = state.publishes + 1
        state.last_publish_ms = ms()
        state.first_publish_ms = state.first_publish_ms or state.last_publish_ms
        state.first_publish_epoch = state.first_publish_epoch or epoch_ms()
        state.diags = result.diagnostics or {}
      end
      return default_publish(err, result, ctx, config)   -- keep the editor's own pipeline
    end,
    ['workspace/executeCommand'] = function(err, result, ctx, config)
      state.exec_cmd_done = true
      state.exec_cmd_err = err
      return vim.lsp.handlers['workspace/executeCommand'](err, result, ctx, config)
    end,
    ['window/showMessage'] = function(_, result) log('server showMessage:', result and result.message) end,
    ['window/logMessage'] = function(_, result)
      if env('LSP_VERBOSE') == '1' then log('server log:', result and result.message) end
    end,
  }

  -- vim.notify is how 0.7 reports "No code actions available" etc.
  vim.notify = function(msg, level)
    state.notifications = state.notifications or {}
    table.insert(state.notifications, msg)
    log('notify:', msg)
  end

  local root = env('LSP_ROOT', vim.fn.fnamemodify(file, ':h'))
  state.client_id = vim.lsp.start_client({
    name = 'lsp_check',
    cmd = cmd,
    root_dir = root,                 -- -> rootUri + workspaceFolders
    capabilities = caps,
    settings = settings,             -- served to workspace/configuration
    init_options = init_options,     -- -> initializationOptions
    get_language_id = function() return env('LSP_LANGUAGE_ID', 'yaml') end,
    handlers = handlers,
    flags = { debounce_text_changes = 0 },
    on_init = function(client, result)
      state.init_ms = ms()
      -- Core 0.7 never pushes settings; nvim-lspconfig does this in its on_init.
      if env('LSP_PUSH_SETTINGS') == '1' then
        client.notify('workspace/didChangeConfiguration', { settings = settings })
      end
      emit({ type = 'server_info', name = result.serverInfo and result.serverInfo.name,
             version = result.serverInfo and result.serverInfo.version,
             code_action_provider = client.server_capabilities.codeActionProvider,
             completion_provider = client.server_capabilities.completionProvider ~= nil })
    end,
    on_exit = function(code, signal) state.server_exit = { code = code, signal = signal } end,
  })
  if not state.client_id then return finish(4, 'vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(bufnr, state.client_id)   -- didOpen is sent once initialized

  local init_to = envnum('LSP_INIT_TIMEOUT_MS', 10000)
  vim.wait(init_to, function() return state.init_ms ~= nil or state.server_exit ~= nil end, 10)
  if state.server_exit then return finish(4, 'server exited during initialize: ' .. vim.inspect(state.server_exit)) end
  if not state.init_ms then return finish(3, 'no initialize response within ' .. init_to .. 'ms') end

  -- ---- diagnostics ---------------------------------------------------------------
  local diag_to = envnum('LSP_DIAG_TIMEOUT_MS', 15000)
  local settle = envnum('LSP_SETTLE_MS', 500)
  local want = env('LSP_WAIT_DIAG')
  local want_code = env('LSP_WAIT_CODE')
  local ok = vim.wait(diag_to, function()
    if state.server_exit then return true end
    if want_code then
      for _, d in ipairs(state.diags or {}) do
        if tostring(d.code) == want_code then return true end
      end
      return false
    end
    if want then
      for _, d in ipairs(state.diags or {}) do
        if tostring(d.message):find(want) then return true end
      end
      return false
    end
    return state.last_publish_ms ~= nil and (ms() - state.last_publish_ms) >= settle
  end, 10)
  if state.server_exit then return finish(4, 'server exited: ' .. vim.inspect(state.server_exit)) end
  if not ok then
    if want_code then return finish(3, 'no diagnostic with code ' .. want_code .. ' within ' .. diag_to .. 'ms') end
    return finish(3, want and ('no diagnostic matching "' .. want .. '" within ' .. diag_to .. 'ms')
                           or ('no publishDiagnostics within ' .. diag_to .. 'ms'))
  end
  local launch = tonumber(env('LSP_T0_EPOCH_MS', ''))   -- set by the caller: `date +%s%3N`
  emit({ type = 'timing', init_ms = state.init_ms, first_diagnostics_ms = state.first_publish_ms,
         settled_ms = ms(), publishes = state.publishes,
         since_launch_ms = launch and (state.first_publish_epoch - launch) or nil })

  for _, d in ipairs(state.diags) do
    emit({ type = 'diagnostic',
           line = d.range.start.line + 1, col = d.range.start.character + 1,   -- 1-based
           end_line = d.range['end'].line + 1, end_col = d.range['end'].character + 1,
           severity = d.severity, message = d.message, source = d.source, code = d.code })
  end
  local editor_count = #vim.diagnostic.get(bufnr)
  if editor_count ~= #state.diags then
    log(string.format('warning: vim.diagnostic has %d, last publish had %d', editor_count, #state.diags))
  end
  local min = envnum('LSP_EXPECT_DIAGS', nil)
  if min and #state.diags < min then
    return finish(1, string.format('expected >= %d diagnostics, got %d', min, #state.diags))
  end

  local want_codes = env('LSP_EXPECT_CODES')
  if want_codes then
    local got = {}
    for _, d in ipairs(state.diags) do got[#got + 1] = tostring(d.code) end
    table.sort(got)
    local exp = vim.split(want_codes, ',', true)
    table.sort(exp)
    if table.concat(got, ',') ~= table.concat(exp, ',') then
      return finish(1, 'diagnostic codes ' .. table.concat(got, ',') .. ', expected ' .. table.concat(exp, ','))
    end
  end

  local max = envnum('LSP_MAX_DIAGS', nil)
  if max and #state.diags > max then
    return finish(1, string.format('expected <= %d diagnostics, got %d', max, #state.diags))
  end

  local req_to = envnum('LSP_REQ_TIMEOUT_MS', 10000)

  -- ---- code action through the editor's UI path ------------------------------------
  local title_pat = env('LSP_ACTION_TITLE')
  local apos = resolve_pos(env('LSP_ACTION_AT'), env('LSP_ACTION_AT_TEXT'), false)
  if apos and env('LSP_ACTION_AT_LINE_START') == '1' then apos[2] = 0 end
  if apos then
    vim.api.nvim_win_set_cursor(0, apos)
    local offered, chosen = nil, nil
    vim.ui.select = function(items, opts, on_choice)
      offered = {}
      for _, item in ipairs(items) do   -- item = { client_id, CodeAction|Command }
        local action = item[2]
        local title = (opts.format_item and opts.format_item(item)) or action.title
        table.insert(offered, title)
        emit({ type = 'code_action', title = action.title, kind = action.kind,
               has_edit = action.edit ~= nil, is_preferred = action.isPreferred,
               edit_form = action.edit and (action.edit.documentChanges and 'documentChanges'
                                            or action.edit.changes and 'changes' or 'empty') or nil,
               command = type(action.command) == 'table' and action.command.command or action.command })
        if not chosen and title_pat and action.title:find(title_pat) then chosen = item end
      end
      if chosen then
        state.chosen_has_edit = chosen[2].edit ~= nil
        state.chosen_has_cmd = chosen[2].command ~= nil
      end
      on_choice(chosen)   -- nil == user cancelled
    end
    local tick0 = vim.api.nvim_buf_get_changedtick(bufnr)
    -- exactly what `:lua vim.lsp.buf.code_action()` does: context.diagnostics = line diagnostics
    vim.lsp.buf.code_action()
    local got = vim.wait(req_to, function()
      return offered ~= nil or (state.notifications and #state.notifications > 0) or state.server_exit ~= nil
    end, 10)
    if state.server_exit then return finish(4, 'server exited during codeAction') end
    if not got then return finish(3, 'no textDocument/codeAction response within ' .. req_to .. 'ms') end
    if not offered then return finish(1, 'no code actions offered at ' .. vim.inspect(apos)) end
    if title_pat then
      if not chosen then return finish(1, 'no code action title matches "' .. title_pat .. '"') end
      if env('LSP_EXPECT_PREFERRED') == '1' and chosen[2].isPreferred ~= true then
        return finish(1, 'the chosen action is not marked isPreferred')
      end
      local want_form = env('LSP_EXPECT_EDIT_FORM')
      if want_form then
        local e = chosen[2].edit or {}
        local form = e.documentChanges and 'documentChanges' or e.changes and 'changes' or 'none'
        if form ~= want_form then
          return finish(1, 'the chosen action\'s edit uses ' .. form .. ', expected ' .. want_form
                           .. ' for this client\'s capabilities')
        end
      end
      -- edits are applied synchronously; a command goes out as workspace/executeCommand and
      -- may come back as workspace/applyEdit -> wait for the buffer to change (bounded)
      local changed = vim.wait(req_to, function()
        return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick0
            or (state.chosen_has_cmd and not state.chosen_has_edit and state.exec_cmd_done)
      end, 10)
      local applied = vim.api.nvim_buf_get_changedtick(bufnr) ~= tick0
      emit({ type = 'applied', title = chosen[2].title, buffer_changed = applied,
             command_executed = state.exec_cmd_done, command_error = state.exec_cmd_err and state.exec_cmd_err.message })
      if not changed then return finish(3, 'chosen action produced nothing within ' .. req_to .. 'ms') end
      if state.chosen_has_edit and not applied then return finish(1, 'workspace edit did not change buffer') end
      if state.exec_cmd_err then
        return finish(1, 'workspace/executeCommand failed: ' .. tostring(state.exec_cmd_err.message))
      end
      if env('LSP_WRITE', '1') == '1' and vim.bo[bufnr].modified then
        vim.cmd('silent write')   -- also sends textDocument/didSave
        emit({ type = 'written', file = file })
      end
    end
  end

  -- ---- completion ---------------------------------------------------------------
  local cpos = resolve_pos(env('LSP_COMPLETE_AT'), env('LSP_COMPLETE_AT_TEXT'), true)
  if cpos then
    vim.api.nvim_win_set_cursor(0, cpos)
    local params = vim.lsp.util.make_position_params()
    local t_req = ms()
    local resp, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, req_to)
    if not resp then return finish(3, 'completion: ' .. tostring(err)) end
    local r = resp[state.client_id]
    if not r then return finish(3, 'completion: no response from client') end
    if r.err then return finish(1, 'completion error: ' .. vim.inspect(r.err)) end
    local items = vim.lsp.util.extract_completion_items(r.result)
    -- what the editor would put in the popup (0.7 turns snippets into plain words)
    local words = {}
    for _, ci in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(r.result, '')) do
      local item = ci.user_data and ci.user_data.nvim and ci.user_data.nvim.lsp and ci.user_data.nvim.lsp.completion_item
      if item then words[item.label] = ci.word end
    end
    local found = false
    local snippet_items = {}
    local want_label = env('LSP_EXPECT_COMPLETION')
    for _, it in ipairs(items) do
      emit({ type = 'completion', label = it.label, kind = it.kind,
             insert_text_format = it.insertTextFormat,
             insert_text = it.textEdit and it.textEdit.newText or it.insertText,
             editor_word = words[it.label] })
      if want_label and it.label:find(want_label) then found = true end
      local text = (it.textEdit and it.textEdit.newText) or it.insertText or it.label
      if it.insertTextFormat == 2 or text:find('%$%d') or text:find('%${') then
        snippet_items[#snippet_items + 1] = it.label
      end
    end
    emit({ type = 'timing', completion_ms = ms() - t_req, completion_items = #items })
    if want_label and not found then return finish(1, 'no completion label matches "' .. want_label .. '"') end
    if env('LSP_EXPECT_PLAIN_COMPLETION') == '1' and #snippet_items > 0 then
      return finish(1, 'snippet syntax sent to a client without snippetSupport: ' .. table.concat(snippet_items, ', '))
    end
  end

  return finish(0, nil)
end

local ok, err = xpcall(main, debug.traceback)
if not ok and not state.finished then
  log(err)
  finish(5, 'lua error: ' .. tostring(err))
end
