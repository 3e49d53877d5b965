-- Drives the SCIM Mapper language server from headless Neovim (0.7 or later), the way a user's
-- config would: vim.lsp.start_client + buf_attach_client, Neovim's own LSP client and handlers.
--
--   SCIM_NVIM_PLAN='{"cmd":[...],"file":"...","settings":{...},"requests":[...],"timeoutMs":20000}' \
--     nvim --headless --clean -n -c 'luafile test/neovim/lsp-probe.lua'
--
-- A request is {"name", "method", "position": {"line", "character"}}; waitWithout lists codes
-- whose absence from a publish to wait for (after a settings change). The probe writes one JSON
-- object to stdout (what happened: diagnostics as the server published them, what Neovim made of
-- them, each response, how the server exited) and exits 0; it exits 1 only when the probe itself
-- breaks. The caller (neovim.e2e.ts) makes the assertions.
local plan = vim.fn.json_decode(os.getenv('SCIM_NVIM_PLAN') or error('SCIM_NVIM_PLAN is not set'))
local timeout = plan.timeoutMs or 20000
local file = vim.fn.fnamemodify(plan.file, ':p')
local report = { responses = {}, published = {} }

local function finish(status)
  io.stdout:write(vim.fn.json_encode(report) .. '\n')
  io.stdout:flush()
  vim.cmd(status == 0 and 'qall!' or 'cquit! ' .. status)
end

-- Keep every publishDiagnostics for our file as the server sent it, then let Neovim handle it.
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and vim.uri_to_fname(result.uri) == file then
    table.insert(report.published, { version = result.version, diagnostics = result.diagnostics })
  end
  return default_publish(err, result, ctx, config)
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = plan.filetype or 'jsonc'

  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'scim-mapper',
    cmd = plan.cmd,
    root_dir = vim.fn.fnamemodify(file, ':h'),
    settings = plan.settings or vim.empty_dict(),
    -- Neovim 0.7 neither offers workspace/configuration nor sends settings by itself; push them
    -- once initialized, as nvim-lspconfig does.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
    on_exit = function(code, signal)
      report.exit = { code = code, signal = signal }
      exited = true
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)

  report.initialized = vim.wait(timeout, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end, 10)
  local client = vim.lsp.get_client_by_id(client_id)
  if client and client.server_capabilities then
    report.capabilities = {
      completion = client.server_capabilities.completionProvider ~= nil,
      hover = client.server_capabilities.hoverProvider == true,
      diagnosticPull = client.server_capabilities.diagnosticProvider ~= nil,
    }
  end

  -- Wait for the first publish, or (plan.waitWithout) for one without those codes: settings
  -- arrive through workspace/configuration and may be applied after the first check.
  local function settled()
    local last = report.published[#report.published]
    if not last then return false end
    for _, d in ipairs(last.diagnostics) do
      for _, code in ipairs(plan.waitWithout or {}) do
        if d.code == code then return false end
      end
    end
    return true
  end
  vim.wait(timeout, settled, 10)
  report.got_diagnostics = #report.published > 0
  report.vim_diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(report.vim_diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, source = d.source })
  end

  for _, request in ipairs(plan.requests or {}) do
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = request.position }
    local responses, request_err = vim.lsp.buf_request_sync(bufnr, request.method, params, timeout)
    local entry = { error = request_err and tostring(request_err) or nil }
    for _, response in pairs(responses or {}) do
      entry.result = response.result
      entry.error = response.err and vim.inspect(response.err) or entry.error
    end
    report.responses[request.name] = entry
  end

  -- The LSP way out: shutdown request, then exit notification; the server must exit with 0.
  vim.lsp.stop_client(client_id)
  report.exited = vim.wait(timeout, function() return exited end, 10)
end)

if not ok then
  report.probe_error = tostring(err)
  finish(1)
else
  finish(0)
end
