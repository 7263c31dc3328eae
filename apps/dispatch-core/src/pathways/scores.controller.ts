import { calculateScore, ScoreKindSchema, ScoreResultSchema } from '@feijiu/clinical';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { AppError } from '../platform/errors/app-error';
import { Roles } from '../platform/http/access.decorators';

class ScoreKindParams extends createZodDto(z.object({ kind: ScoreKindSchema })) {}
class ScoreResultDto extends createZodDto(ScoreResultSchema) {}

/** The tablet's calculator: NEWS2, GCS, RTS, shock index, qSOFA, MEWS, stroke scales, field triage, windows. */
@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/v1/scores')
export class ScoresController {
  @Roles('crew', 'er_clinician', 'dispatcher', 'admin')
  @Post(':kind')
  @HttpCode(200)
  @ApiBody({ description: 'inputs named with units, per kind (see libs/clinical score schemas)', schema: { type: 'object' } })
  @ZodResponse({ type: ScoreResultDto })
  calculate(@Param() params: ScoreKindParams, @Body() body: unknown) {
    const outcome = calculateScore(params.kind, body);
    if (!outcome.success) {
      const fields = outcome.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new AppError('VALIDATION_FAILED', `invalid input: ${fields.map((f) => f.path || '(body)').join(', ')}`, fields);
    }
    return outcome.result;
  }
}
