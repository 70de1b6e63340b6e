package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
	"github.com/simdrnn/simdrnn/internal/safetensors"
)

// A checkpoint is a pair of files, the model (M, model.safetensors) and its
// training state (S, model.state.safetensors), whose "model_sha256"
// metadata is the SHA-256 of M's bytes. The pair is replaced as one unit:
//
//  1. the new S is written to a pending file .S.next, flushed and closed;
//  2. the new M likewise to .M.next;
//  3. the directory is flushed, so both pending files survive a crash;
//  4. .M.next is renamed over M: this is the commit point;
//  5. the directory is flushed;
//  6. .S.next is renamed over S;
//  7. the directory is flushed.
//
// A failure before the commit point removes both pending files and leaves
// the old pair as it was. From the commit point on, the new M is in place
// and its state is in .S.next until step 6 renames it; a save that fails or
// is killed there leaves .S.next, and the recovery rule finds it: the state
// of M is S if S names M's hash, else .S.next if it does. Loading (-resume)
// applies the rule; the next train writing M applies it first and then
// completes the pair (renaming .S.next over S) or removes pending files that
// belong to no pair, so that they never accumulate; it also removes the
// temporary files (.M.tmp-*, .S.tmp-*) of atomic writes of M or S that were
// killed. A train run holds a
// lock on its output (an flock on .M.lock, removed when the run ends), so
// that two runs cannot write the same pair at once.

// fileSystem is the file operations a checkpoint save makes; tests
// interpose one that fails or kills the process at each step.
type fileSystem interface {
	Create(name string) (stagedFile, error) // truncates; permissions 0644
	Rename(oldpath, newpath string) error
	Remove(name string) error
	SyncDir(dir string) error
}

// stagedFile is a file being written by a save.
type stagedFile interface {
	io.Writer
	Sync() error
	Close() error
}

// osFS is the operating system's file system.
type osFS struct{}

func (osFS) Create(name string) (stagedFile, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	// 0644 exactly, whatever the umask, as atomicfile writes.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
func (osFS) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
func (osFS) Remove(name string) error             { return os.Remove(name) }
func (osFS) SyncDir(dir string) error             { return atomicfile.SyncDir(dir) }

// fsys is the file system checkpoints are saved through.
var fsys fileSystem = osFS{}

// pendingPath returns where a save stages the new content of path:
// .NAME.next in the same directory.
func pendingPath(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".next")
}

// lockPath returns the lock file of a train run writing path.
func lockPath(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".lock")
}

// savePair replaces the checkpoint pair at out (the model file) with the
// model and state bytes, as one unit (see the steps above).
func savePair(out string, model, state []byte) (err error) {
	dir := filepath.Dir(out)
	sp := statePath(out)
	mNext, sNext := pendingPath(out), pendingPath(sp)
	committed := false
	defer func() {
		if err != nil && !committed {
			fsys.Remove(mNext)
			fsys.Remove(sNext)
		}
	}()
	if err := stage(sNext, state); err != nil {
		return fmt.Errorf("writing %s: %w", sp, err)
	}
	if err := stage(mNext, model); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := fsys.SyncDir(dir); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := fsys.Rename(mNext, out); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	committed = true
	if err := fsys.SyncDir(dir); err != nil {
		return fmt.Errorf("saved %s, but its training state is still in %s (-resume finds it there): %w", out, sNext, err)
	}
	if err := fsys.Rename(sNext, sp); err != nil {
		return fmt.Errorf("saved %s, but its training state is still in %s (-resume finds it there): %w", out, sNext, err)
	}
	if err := fsys.SyncDir(dir); err != nil {
		return fmt.Errorf("saved %s and %s, but flushing their directory failed, so they may not survive a crash: %w", out, sp, err)
	}
	return nil
}

// stage writes b to path, flushes and closes it.
func stage(path string, b []byte) error {
	f, err := fsys.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// fileSHA256 returns the SHA-256 of the file at path, read as a stream.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stateOf applies the recovery rule: it returns the state file of the model
// file whose SHA-256 is modelSum, statePath(model) or the pending state of an
// interrupted save, or "" if neither names the model.
func stateOf(model, modelSum string) string {
	for _, p := range []string{statePath(model), pendingPath(statePath(model))} {
		if md, err := safetensors.ReadMetadata(p); err == nil && isStateFormat(md["format"]) && md["model_sha256"] == modelSum {
			return p
		}
	}
	return ""
}

// exists reports whether something is at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// recoverPair completes or cleans up after a save of the pair at out that
// was interrupted: it renames a pending state file that completes the pair
// over the state file, and removes pending files that belong to no pair.
// The caller holds out's lock.
func recoverPair(out string) error {
	sp := statePath(out)
	mNext, sNext := pendingPath(out), pendingPath(sp)
	removeAtomicTemps(out)
	removeAtomicTemps(sp)
	if !exists(mNext) && !exists(sNext) {
		return nil
	}
	if sum, err := fileSHA256(out); err == nil && stateOf(out, sum) == sNext {
		if err := fsys.Rename(sNext, sp); err != nil {
			return fmt.Errorf("completing the checkpoint %s: %w", out, err)
		}
		if err := fsys.SyncDir(filepath.Dir(out)); err != nil {
			return fmt.Errorf("completing the checkpoint %s: %w", out, err)
		}
	}
	for _, p := range []string{mNext, sNext} {
		if exists(p) {
			if err := fsys.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("removing %s, left by an interrupted save: %w", p, err)
			}
		}
	}
	return nil
}

// removeAtomicTemps removes the temporary files that atomic writes of path
// (internal/atomicfile: .NAME.tmp-*, as rnn.Checkpoint.Save writes) leave
// when they are killed. The caller holds path's lock.
func removeAtomicTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "."+base+".tmp-") && e.Type().IsRegular() {
			fsys.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
