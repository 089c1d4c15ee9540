import type { Tx } from './store';

/**
 * What a member who leaves or is removed takes with them: their intro, their check-in notes,
 * their feedback answers' text (ratings stay in the counts), their reports' notes, their warnings
 * and a mute's reason. Events never held the text.
 */
export async function eraseTextOf(tx: Tx, groupId: string, memberId: string) {
  await tx.run('DELETE FROM intros WHERE group_id = ? AND member_id = ?', [groupId, memberId]);
  // What they read goes too: a rejoin starts afresh, and the hub keeps no reading history of someone gone.
  await tx.run('DELETE FROM read_positions WHERE group_id = ? AND member_id = ?', [groupId, memberId]);
  await tx.run("UPDATE checkins SET note = '' WHERE group_id = ? AND member_id = ?", [groupId, memberId]);
  await tx.run(
    "UPDATE feedback_answers SET text = '' WHERE member_id = ? AND request_id IN (SELECT id FROM feedback_requests WHERE group_id = ?)",
    [memberId, groupId],
  );
  // Moderation (issue #17): the notes of their reports, the warnings they were given, a mute's reason.
  await tx.run("UPDATE reports SET note = '' WHERE group_id = ? AND reporter_id = ?", [groupId, memberId]);
  await tx.run('DELETE FROM warnings WHERE group_id = ? AND member_id = ?', [groupId, memberId]);
  await tx.run("UPDATE memberships SET muted_until = NULL, mute_reason = '' WHERE group_id = ? AND member_id = ?", [groupId, memberId]);
}
