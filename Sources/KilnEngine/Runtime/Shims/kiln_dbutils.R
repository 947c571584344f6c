# The `dbutils` of Kiln's R driver, with display() and displayHTML(): the parts the embedded
# engine can honour, as Databricks names and words them. driver.R sources this file into its own
# environment, so these functions share its state (`state`), its conditions (`shim_error`) and its
# readers (`read_params`), and the program's globals can neither shadow nor remove them.

# -------------------------------------------------------------------------------------------
# dbutils.widgets: there is no UI, so a widget is its default value, and a supplied value (job
# parameters, widgets segments) always wins over it.

check_string <- function(value, what) {
  if (!is.character(value) || length(value) != 1L || is.na(value)) {
    shim_error(sprintf("%s must be a single string", what), "kiln_invalid_argument")
  }
}

define_widget <- function(name, defaultValue) {
  check_string(name, "name")
  default <- as.character(defaultValue)
  check_string(default, "defaultValue")
  state$defaults[[name]] <- default
  invisible(NULL)
}

require_choices <- function(name, values, choices, kind) {
  missing <- setdiff(values, as.character(choices))
  if (length(missing) > 0L) {
    shim_error(sprintf("Default value \"%s\" of %s widget \"%s\" is not one of its choices: %s",
                       missing[1L], kind, name, paste(choices, collapse = ", ")),
               "kiln_invalid_argument")
  }
}

widget_not_defined <- function(name) {
  shim_error(sprintf("InputWidgetNotDefined: No input widget named %s is defined", name),
             "kiln_widget_not_defined")
}

dbutils.widgets.text <- function(name, defaultValue, label = NULL) {
  define_widget(name, defaultValue)
}

dbutils.widgets.dropdown <- function(name, defaultValue, choices, label = NULL) {
  require_choices(name, as.character(defaultValue), choices, "dropdown")
  define_widget(name, defaultValue)
}

dbutils.widgets.combobox <- function(name, defaultValue, choices, label = NULL) {
  define_widget(name, defaultValue)
}

dbutils.widgets.multiselect <- function(name, defaultValue, choices, label = NULL) {
  require_choices(name, strsplit(as.character(defaultValue), ",", fixed = TRUE)[[1L]],
                  choices, "multiselect")
  define_widget(name, defaultValue)
}

dbutils.widgets.get <- function(name) {
  check_string(name, "name")
  if (name %in% names(state$supplied)) return(storage_value(state$supplied[[name]]))
  if (name %in% names(state$defaults)) return(storage_value(state$defaults[[name]]))
  widget_not_defined(name)
}

# A widget value that names storage (dbfs:/, /dbfs/, /Volumes/) reads as the store's local
# path, as the engine maps job parameters: a default or a %run argument reaches the same file.
storage_value <- function(value) {
  if (!is.null(state$store) && grepl("^(dbfs:/|/dbfs(/|$)|/Volumes/)", value)) to_local(value) else value
}

dbutils.widgets.getArgument <- function(name, defaultValue = NULL) {
  tryCatch(dbutils.widgets.get(name), kiln_widget_not_defined = function(e) defaultValue)
}

dbutils.widgets.remove <- function(name) {
  check_string(name, "name")
  if (!name %in% names(state$defaults)) widget_not_defined(name)
  state$defaults <- state$defaults[names(state$defaults) != name]
  invisible(NULL)
}

dbutils.widgets.removeAll <- function() {
  state$defaults <- character()
  invisible(NULL)
}

# -------------------------------------------------------------------------------------------
# dbutils.secrets

# dbutils.secrets: the engine's secret scopes ($KILN_SCOPES, `scope/key` -> `<ms>:<value>`),
# read on each call. The engine redacts the values from what the run shows.
secret_entries <- function() {
  path <- Sys.getenv("KILN_SCOPES")
  if (nzchar(path) && file.exists(path)) read_params(path) else character()
}

dbutils.secrets.get <- function(scope, key) {
  check_string(scope, "scope")
  check_string(key, "key")
  entry <- secret_entries()[paste0(scope, "/", key)]
  if (is.na(entry)) {
    shim_error(paste0("Secret does not exist with scope: ", scope, " and key: ", key), "kiln_secret_not_found")
  }
  sub("^[0-9]*:", "", entry)
}

dbutils.secrets.getBytes <- function(scope, key) charToRaw(enc2utf8(dbutils.secrets.get(scope, key)))

dbutils.secrets.listScopes <- function() {
  names <- names(secret_entries())
  data.frame(name = sub("/$", "", names[endsWith(names, "/")]))
}

dbutils.secrets.list <- function(scope) {
  check_string(scope, "scope")
  names <- names(secret_entries())
  if (!paste0(scope, "/") %in% names) shim_error(paste0("Scope ", scope, " does not exist!"), "kiln_secret_not_found")
  keys <- substring(names[startsWith(names, paste0(scope, "/"))], nchar(scope) + 2L)
  data.frame(key = keys[nzchar(keys)])
}

# -------------------------------------------------------------------------------------------
# dbutils.notebook

# Stops the program at once. The value is remembered as well as signalled, so that the program
# still ends when a handler of the program's own (tryCatch(condition = ...)) swallows the
# condition. It is not an "error": testthat, try() and error handlers let it through.
dbutils.notebook.exit <- function(value) {
  text <- call_from_global("as.character", value)
  if (length(text) != 1L) {
    shim_error(sprintf("dbutils.notebook.exit() takes a single value, not %d", length(text)),
               "kiln_invalid_argument")
  }
  state$exit_value <- if (is.na(text)) "NA" else text
  stop(condition("kiln_notebook_exit", "dbutils.notebook.exit() was called", sys.call()))
}

# Runs a notebook as a run of its own (a WORKFLOW_RUN) and returns its exit value ("" when it
# gave none); a child that did not succeed is an error here, with the child's error. The call
# is handed to the engine through $KILN_CALLS, as kiln_notebook_calls.py describes.
dbutils.notebook.run <- function(path, timeout_seconds = 0, arguments = list()) {
  folder <- Sys.getenv("KILN_CALLS")
  if (!nzchar(folder)) shim_error("the engine gave this program no calls folder (KILN_CALLS)", "kiln_unsupported")
  if (!is.character(path) || length(path) != 1L || !nzchar(path)) {
    shim_error("path must be a single non-empty string", "kiln_invalid_argument")
  }
  timeout <- suppressWarnings(as.integer(timeout_seconds))
  if (length(timeout) != 1L || is.na(timeout) || timeout < 0L) {
    shim_error("timeout_seconds must be 0 (no limit) or a positive number of seconds", "kiln_invalid_argument")
  }
  if (length(arguments) > 0L && (is.null(names(arguments)) || any(!nzchar(names(arguments))))) {
    shim_error("arguments must be a named list of strings", "kiln_invalid_argument")
  }
  values <- c(path = path, timeout_seconds = as.character(timeout))
  for (key in names(arguments)) {
    value <- arguments[[key]]
    # Databricks passes arguments to the child as strings, and fails on anything else.
    if (!is.character(value) || length(value) != 1L) {
      shim_error(sprintf("argument '%s' must be a single string (a widget value): pass as.character(value)", key),
                 "kiln_invalid_argument")
    }
    values[[paste0("arg:", key)]] <- value
  }
  state$calls <- state$calls + 1L
  id <- sprintf("%d-%d", Sys.getpid(), state$calls)
  request <- file.path(folder, paste0(id, ".request"))
  encode <- function(text) utils::URLencode(enc2utf8(text), reserved = TRUE)
  writeLines(paste0(encode(names(values)), "=", vapply(values, encode, "")), paste0(request, ".partial"), useBytes = TRUE)
  file.rename(paste0(request, ".partial"), request)
  response <- file.path(folder, paste0(id, ".response"))
  # The child takes at least a process start: looking every 10 ms growing to 200 ms is no cost.
  delay <- 0.01
  while (!file.exists(response)) {
    Sys.sleep(delay)
    delay <- min(delay * 1.5, 0.2)
  }
  answer <- read_params(response)
  outcome <- if ("state" %in% names(answer)) answer[["state"]] else "FAILED"
  if (identical(outcome, "SUCCESS")) return(if ("result" %in% names(answer)) answer[["result"]] else "")
  error <- if ("error" %in% names(answer)) answer[["error"]] else "no error message"
  run_id <- if ("run_id" %in% names(answer)) answer[["run_id"]] else "?"
  shim_error(sprintf("Notebook %s (run %s) ended %s: %s", path, run_id, outcome, error), "kiln_workflow_exception")
}

# -------------------------------------------------------------------------------------------
# dbutils.fs over the local store. Copies and moves into an existing directory put a file
# inside it; a directory (which needs recurse = TRUE) becomes the destination, merged.

store_root <- function() {
  if (is.null(state$store)) {
    shim_error("KILN_STORE is not set, so dbutils.fs has no store to work in", "kiln_fs_error")
  }
  state$store
}

# "/a/./b/../c" -> "/a/c"; `..` never climbs above "/".
normalize_absolute <- function(path) {
  kept <- character()
  for (part in strsplit(path, "/", fixed = TRUE)[[1L]]) {
    if (part == "..") kept <- kept[-length(kept)]
    else if (nzchar(part) && part != ".") kept <- c(kept, part)
  }
  paste0("/", paste(kept, collapse = "/"))
}

contains <- function(path, root) path == root | startsWith(path, paste0(root, "/"))

store_path <- function(dbfs_path) {
  relative <- normalize_absolute(dbfs_path)
  if (relative == "/") store_root() else paste0(store_root(), relative)
}

# The local path of a path given to dbutils.fs.
to_local <- function(path) {
  check_string(path, "path")
  if (startsWith(path, "file:")) return(normalize_absolute(substring(path, 6L)))
  if (startsWith(path, "dbfs:")) return(store_path(substring(path, 6L)))
  if (grepl("^[A-Za-z][A-Za-z0-9+.-]*:", path)) {
    shim_error(paste0(path, ": ", sub(":.*", "", path), ": paths are not supported by Kiln's ",
                      "embedded engine; use dbfs:/, /Volumes/, /dbfs/ or file:/ paths"),
               "kiln_unsupported")
  }
  if (contains(path, store_root())) return(normalize_absolute(path))
  store_path(sub("^/dbfs(/|$)", "/", path))
}

# The URIs Databricks shows for local paths: dbfs:/a/b, or file:/a/b outside the store.
to_uri <- function(local) {
  root <- store_root()
  inside <- contains(local, root)
  ifelse(inside, paste0("dbfs:/", sub("^/", "", substring(local, nchar(root) + 1L))),
         paste0("file:", local))
}

existing <- function(path) {
  local <- to_local(path)
  if (!file.exists(local)) {
    shim_error(sprintf("java.io.FileNotFoundException: File %s does not exist.", to_uri(local)),
               "kiln_file_not_found")
  }
  local
}

list_children <- function(dir) {
  sort(list.files(dir, all.files = TRUE, no.. = TRUE), method = "radix")
}

# The local source and destination of a copy or move, checked.
transfer <- function(from, to, recurse, verb) {
  source <- existing(from)
  dest <- to_local(to)
  if (dir.exists(source)) {
    if (!isTRUE(recurse)) {
      shim_error(sprintf("%s is a directory; pass recurse = TRUE to %s it with its contents",
                         to_uri(source), verb), "kiln_fs_error")
    }
    if (startsWith(paste0(dest, "/"), paste0(source, "/"))) {
      shim_error(sprintf("Cannot %s %s into itself", verb, to_uri(source)), "kiln_fs_error")
    }
  } else if (dir.exists(dest)) {
    dest <- file.path(dest, basename(source))
  }
  list(source = source, dest = dest)
}

copy_file <- function(source, dest) {
  dir.create(dirname(dest), recursive = TRUE, showWarnings = FALSE)
  if (!file.copy(source, dest, overwrite = TRUE)) {
    shim_error(sprintf("Could not copy %s to %s", to_uri(source), to_uri(dest)), "kiln_fs_error")
  }
}

# Copies the contents of directory `source` into directory `dest`, merging.
copy_tree <- function(source, dest) {
  dir.create(dest, recursive = TRUE, showWarnings = FALSE)
  children <- file.path(source, list_children(source))
  copied <- file.copy(children, dest, recursive = TRUE, overwrite = TRUE)
  if (!all(copied)) {
    shim_error(sprintf("Could not copy %s to %s", to_uri(children[!copied][1L]), to_uri(dest)),
               "kiln_fs_error")
  }
}

dbutils.fs.ls <- function(path) {
  local <- existing(path)
  entries <- if (dir.exists(local)) file.path(local, list_children(local)) else local
  info <- file.info(entries, extra_cols = FALSE)
  suffix <- ifelse(info$isdir, "/", "")
  size <- info$size
  size[info$isdir] <- 0
  data.frame(path = paste0(to_uri(entries), suffix), name = paste0(basename(entries), suffix),
             size = size, modificationTime = floor(as.numeric(info$mtime) * 1000),
             stringsAsFactors = FALSE)
}

dbutils.fs.cp <- function(from, to, recurse = FALSE) {
  paths <- transfer(from, to, recurse, "copy")
  if (dir.exists(paths$source)) copy_tree(paths$source, paths$dest)
  else copy_file(paths$source, paths$dest)
  TRUE
}

dbutils.fs.mv <- function(from, to, recurse = FALSE) {
  paths <- transfer(from, to, recurse, "move")
  is_dir <- dir.exists(paths$source)
  dir.create(dirname(paths$dest), recursive = TRUE, showWarnings = FALSE)
  moved <- !(is_dir && dir.exists(paths$dest)) &&
    suppressWarnings(file.rename(paths$source, paths$dest))
  if (!moved) {
    # Merging into an existing directory, or crossing file systems: copy, then delete.
    if (is_dir) copy_tree(paths$source, paths$dest) else copy_file(paths$source, paths$dest)
    unlink(paths$source, recursive = TRUE)
  }
  TRUE
}

dbutils.fs.rm <- function(path, recurse = FALSE) {
  local <- to_local(path)
  if (!file.exists(local)) return(FALSE)
  if (local == store_root()) {
    shim_error("dbutils.fs.rm cannot delete the root of the store (dbfs:/)", "kiln_fs_error")
  }
  if (dir.exists(local) && length(list_children(local)) > 0L && !isTRUE(recurse)) {
    shim_error(sprintf("%s is a non-empty directory; pass recurse = TRUE to delete it with %s",
                       to_uri(local), "its contents"), "kiln_fs_error")
  }
  unlink(local, recursive = TRUE) == 0L
}

dbutils.fs.mkdirs <- function(path) {
  local <- to_local(path)
  dir.create(local, recursive = TRUE, showWarnings = FALSE)
  if (!dir.exists(local)) {
    shim_error(sprintf("Cannot create directory %s: a file is in the way", to_uri(local)),
               "kiln_fs_error")
  }
  TRUE
}

dbutils.fs.head <- function(path, maxBytes = 65536L) {
  local <- existing(path)
  if (dir.exists(local)) shim_error(sprintf("%s is a directory", to_uri(local)), "kiln_fs_error")
  text <- as_utf8(rawToChar(readBin(local, "raw", n = maxBytes)))
  # A cut through a multi-byte character leaves invalid UTF-8: replace it, as Python does.
  iconv(text, "UTF-8", "UTF-8", sub = "\ufffd")
}

dbutils.fs.put <- function(path, contents, overwrite = FALSE) {
  local <- to_local(path)
  if (dir.exists(local)) shim_error(sprintf("%s is a directory", to_uri(local)), "kiln_fs_error")
  if (file.exists(local) && !isTRUE(overwrite)) {
    shim_error(sprintf("File %s already exists; pass overwrite = TRUE to replace it",
                       to_uri(local)), "kiln_file_exists")
  }
  bytes <- charToRaw(enc2utf8(as.character(contents)))
  dir.create(dirname(local), recursive = TRUE, showWarnings = FALSE)
  writeBin(bytes, local)
  cat(sprintf("Wrote %d bytes.\n", length(bytes)))
  TRUE
}

# Databricks renders its argument as a table or chart; a log can only print it.
display <- function(x, ...) {
  call_from_global("print", x)
  invisible(x)
}

# Databricks renders the HTML; a log shows it as it is.
displayHTML <- function(html) {
  cat(html, "\n", sep = "")
  invisible(NULL)
}
