-- Run by NeovimTest inside `nvim --headless`, with editors/neovim's setup loaded and a spec
-- with a transposed weight open: waits for netc's diagnostic, applies the preferred quick fix
-- as Neovim applies edits, and waits for the diagnostics to clear. Writes `ok: ...` or
-- `failed: ...` to $NETC_TEST_RESULT, then quits.
local function finish(ok, message)
  local f = assert(io.open(vim.env.NETC_TEST_RESULT, 'w'))
  f:write((ok and 'ok: ' or 'failed: ') .. message .. '\n')
  f:close()
  vim.cmd(ok and 'qall!' or 'cquit!')
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype ~= 'netc' then
    return finish(false, 'the filetype is "' .. vim.bo[buf].filetype .. '", not netc')
  end
  if not vim.wait(90000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
    return finish(false, 'no diagnostics within 90 s')
  end
  local d = vim.diagnostic.get(buf)[1]
  local first = d.message:match('^[^\n]*')
  if d.source ~= 'netc' or first ~= 'matmul inner dimensions differ: [N, 4] @ [6, 4]' then
    return finish(false, 'unexpected diagnostic from ' .. tostring(d.source) .. ': ' .. d.message)
  end

  -- Neovim shows no related information: where the sizes came from is in the message.
  if not d.message:find("\nline 3: the 4 comes from x's shape", 1, true) then
    return finish(false, 'the message lacks where the 4 came from: ' .. d.message)
  end
  -- The virtual text is the short first line, not the whole message joined into one.
  local shown
  local namespaces = {}
  for _, ns in pairs(vim.diagnostic.get_namespaces()) do
    table.insert(namespaces, ns.user_data and ns.user_data.virt_text_ns)
  end
  for _, ns in pairs(vim.api.nvim_get_namespaces()) do
    table.insert(namespaces, ns)
  end
  for _, ns in ipairs(namespaces) do
    for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
      for _, chunk in ipairs(mark[4].virt_text or {}) do
        if chunk[1]:find('matmul', 1, true) then
          shown = chunk[1]
        end
      end
    end
  end
  if not shown or shown:find('rows', 1, true) then
    return finish(false, 'the virtual text reads: ' .. tostring(shown))
  end

  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 30000) or {}
  local chosen
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      if action.isPreferred then
        chosen = action
      end
    end
  end
  if not chosen then
    return finish(false, 'no preferred quick fix')
  end
  if chosen.title ~= 'Transpose W' then
    return finish(false, 'the quick fix is "' .. chosen.title .. '"')
  end
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  if not line:find('x @ W.T', 1, true) then
    return finish(false, 'after the fix the line reads: ' .. line)
  end
  if not vim.wait(90000, function() return #vim.diagnostic.get(buf) == 0 end, 50) then
    return finish(false, 'the diagnostics did not clear: ' .. vim.diagnostic.get(buf)[1].message)
  end
  return finish(true, 'diagnostic shown, "' .. chosen.title .. '" applied, diagnostics cleared')
end

local ok, err = pcall(run)
if not ok then
  finish(false, 'error: ' .. tostring(err))
end
