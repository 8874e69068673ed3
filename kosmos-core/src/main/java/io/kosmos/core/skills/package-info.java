/**
 * Skills: folders holding a {@code SKILL.md} (YAML front matter with {@code name} and {@code
 * description}, then a markdown body) that tell an agent how to do one kind of work. {@link
 * io.kosmos.core.skills.FileSkillLoader} finds them on the file system and the class path; {@link
 * io.kosmos.core.skills.SkillIndex} picks the few relevant to a task.
 */
@NullMarked
package io.kosmos.core.skills;

import org.jspecify.annotations.NullMarked;
