/**
 * @file guichet/thread.h
 * @brief Guichet ABI: the thread tags every ABI function carries. Documentation only.
 *
 * Each function and function pointer of the ABI headers has one line in its comment of the
 * form `Thread: [tag]` or `Thread: [tag & tag]`, so `grep -n "Thread: \["` lists them all.
 * A tag on a function the host implements (runtime.h, host services) says what the caller may
 * do; a tag on a function the plugin or the application implements (plugin.h tables,
 * callbacks) says what the caller promises.
 *
 * - `[any-thread]`: from any thread, concurrently with any other ABI function, itself included,
 *   on the same object.
 * - `[not-concurrent]`: from any thread, but never at the same time as itself on the same
 *   object, nor as the functions the comment names (the caller serialises). What was done by
 *   one call is visible to the next, whatever its thread.
 * - `[never-from-callback]`: never from inside a callback the runtime fires (a completion,
 *   a log or secret callback): the function may wait for that callback to return, so it would
 *   wait for itself. The runtime detects it and fails with GUICHET_E_INVALID_STATE where it can.
 * - `[during-init]`: only while the plugin's `init` runs, on the thread running it (the
 *   plugin host given to `init` is valid only then).
 * - `[callback]`: the other side implements it and Guichet calls it. The comment says on
 *   which thread and what the callee must not do (as a rule: return promptly, never call back
 *   into the function that fired it).
 * - `[blocking]`: may wait (network, a PIN prompt, another call): never call it from a thread
 *   that must stay responsive. Combined with one of the tags above.
 *
 * Rationale: a thread rule that is not written is one the other side guesses, and a wrong guess
 * shows up as a rare deadlock in a practice's waiting room. One vocabulary, defined here, lets
 * a reviewer check every function against it.
 *
 * @since 1.0
 */
#ifndef GUICHET_THREAD_H
#define GUICHET_THREAD_H
#endif /* GUICHET_THREAD_H */
