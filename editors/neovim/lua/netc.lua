-- netc for Neovim 0.7 or newer: `.nn` files get the filetype `netc`, the netc
-- language server, and (0.10 or newer) inlay hints of inferred shapes.
--
--   vim.opt.runtimepath:append('/path/to/netc/editors/neovim')
--   require('netc').setup({ cmd = { '/path/to/netc/netc', 'lsp' } })
--
-- Tested with Neovim 0.7.2 (Debian 12) headless, by cli/src/test/.../NeovimTest.java.
local M = {}

local defaults = {
  -- The command that starts the server. /path/to/netc/netc finds a JDK 21+ itself.
  cmd = { 'netc', 'lsp' },
  -- Sent as initializationOptions and as settings: see docs/editors.md#settings.
  settings = { netc = { inlayHints = { enabled = true } } },
  -- Neovim shows a diagnostic's whole message, all its lines joined, as virtual text
  -- (0.7.2 does); netc's first line is the short message, the rest is for the float.
  first_line_virtual_text = true,
}

local client_id = nil

local function root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  return git ~= '' and vim.fn.fnamemodify(git, ':p:h:h') or dir
end

local function start(bufnr, opts)
  local config = {
    name = 'netc',
    cmd = opts.cmd,
    root_dir = root_dir(bufnr),
    init_options = opts.settings,
    settings = opts.settings,
  }
  if vim.lsp.start then
    -- 0.8 or newer: reuses the running client for every .nn buffer.
    vim.lsp.start(config, { bufnr = bufnr })
  else
    -- 0.7: one client, started once, attached to each buffer.
    if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
      client_id = vim.lsp.start_client(config)
    end
    if client_id then
      vim.lsp.buf_attach_client(bufnr, client_id)
    end
  end
  if vim.lsp.inlay_hint and opts.settings.netc.inlayHints.enabled then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
end

function M.setup(user)
  local opts = vim.tbl_deep_extend('force', defaults, user or {})
  local group = vim.api.nvim_create_augroup('netc', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.nn',
    command = 'setfiletype netc',
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'netc',
    callback = function(args)
      vim.bo[args.buf].commentstring = '// %s'
      start(args.buf, opts)
    end,
  })
  if opts.first_line_virtual_text then
    vim.diagnostic.config({
      virtual_text = {
        format = function(d)
          if d.source == 'netc' then
            return (d.message:gsub('\n.*', ''))
          end
          return d.message
        end,
      },
    })
  end
end

return M
