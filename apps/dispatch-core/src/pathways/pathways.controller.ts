import { PathwayAssessmentSchema } from '@feijiu/clinical';
import {
  AcknowledgePrenoticeRequestSchema,
  AssessmentRecordSchema,
  ChecklistItemSchema,
  CreatePrenoticeRequestSchema,
  DestinationListSchema,
  EncounterSchema,
  EntityIdSchema,
  PrenoticeSchema,
  PrenoticeSentEventSchema,
  QualityQuerySchema,
  QualityReportSchema,
  UpdateChecklistRequestSchema,
} from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { discloseIncidentTo } from '../incidents/incident-disclosure';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, RequestActor } from '../platform/http/actor';
import { AssessmentsService } from './assessments.service';
import { DestinationsService } from './destinations.service';
import { PrenoticesService } from './prenotices.service';
import { QualityService } from './quality.service';

class AssessmentDto extends createZodDto(PathwayAssessmentSchema) {}
class AssessmentRecordDto extends createZodDto(AssessmentRecordSchema) {}
class DestinationListDto extends createZodDto(DestinationListSchema) {}
class CreatePrenoticeDto extends createZodDto(CreatePrenoticeRequestSchema) {}
class AcknowledgeDto extends createZodDto(AcknowledgePrenoticeRequestSchema) {}
class PrenoticeDto extends createZodDto(PrenoticeSchema) {}
class PrenoticeSentDto extends createZodDto(PrenoticeSentEventSchema) {}
class EncounterDto extends createZodDto(EncounterSchema) {}
class ChecklistDto extends createZodDto(UpdateChecklistRequestSchema) {}
class QualityQueryDto extends createZodDto(QualityQuerySchema) {}
class QualityReportDto extends createZodDto(QualityReportSchema) {}
class UuidParams extends createZodDto(z.object({ id: z.uuid() })) {}
class HospitalParams extends createZodDto(z.object({ id: EntityIdSchema })) {}
class ChecklistParams extends createZodDto(z.object({ id: z.uuid(), item: ChecklistItemSchema })) {}

@ApiTags('green channels')
@ApiBearerAuth()
@Controller('api/v1')
export class PathwaysController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly destinations: DestinationsService,
    private readonly prenotices: PrenoticesService,
    private readonly quality: QualityService,
  ) {}

  /** The crew's assessment (or the remote physician's STEMI confirmation); supersedes the previous one. */
  @Roles('crew', 'er_clinician', 'dispatcher', 'admin')
  @Post('incidents/:id/assessments')
  @ZodResponse({ type: AssessmentRecordDto, status: 201 })
  assess(@Param() params: UuidParams, @Body() body: AssessmentDto, @RequestActor() actor: Actor) {
    return this.assessments.record(params.id, body, actor);
  }

  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get('incidents/:id/assessments')
  @ZodResponse({ type: [AssessmentRecordDto] })
  listAssessments(@Param() params: UuidParams, @RequestActor() actor: Actor) {
    return this.assessments.list(params.id, actor);
  }

  /** Hospitals ranked by capability fit and ETA, with the routing rule applied in words. */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get('incidents/:id/destinations')
  @ZodResponse({ type: DestinationListDto })
  destinationsFor(@Param() params: UuidParams, @RequestActor() actor: Actor) {
    return this.destinations.rank(params.id, actor);
  }

  @Roles('crew', 'dispatcher', 'admin')
  @Post('incidents/:id/prenotice')
  @ZodResponse({ type: PrenoticeDto, status: 201 })
  prenotice(@Param() params: UuidParams, @Body() body: CreatePrenoticeDto, @RequestActor() actor: Actor) {
    return this.prenotices.send(params.id, body.hospitalId, actor);
  }

  @Roles('er_clinician', 'admin')
  @Post('prenotices/:id/acknowledge')
  @HttpCode(200)
  @ZodResponse({ type: PrenoticeDto })
  acknowledge(@Param() params: UuidParams, @Body() body: AcknowledgeDto, @RequestActor() actor: Actor) {
    return this.prenotices.acknowledge(params.id, body.teamsActivated, body.bypassEd, actor);
  }

  @Roles('er_clinician', 'dispatcher', 'admin')
  @Get('hospitals/:id/prenotices')
  @ZodResponse({ type: [PrenoticeSentDto] })
  openPrenotices(@Param() params: HospitalParams, @RequestActor() actor: Actor) {
    return this.prenotices.listOpen(params.id, actor).then((list) => list.map((p) => ({ ...p, incident: discloseIncidentTo(actor, p.incident) })));
  }

  // the hospital's own pre-admission record: its ER, not the dispatch centre
  @Roles('er_clinician', 'admin')
  @Get('hospitals/:id/encounters')
  @ZodResponse({ type: [EncounterDto] })
  encounters(@Param() params: HospitalParams, @RequestActor() actor: Actor) {
    return this.prenotices.encountersFor(params.id, actor);
  }

  @Roles('er_clinician', 'admin')
  @Post('encounters/:id/checklist/:item')
  @HttpCode(200)
  @ZodResponse({ type: EncounterDto })
  checklist(@Param() params: ChecklistParams, @Body() body: ChecklistDto, @RequestActor() actor: Actor) {
    return this.prenotices.setChecklistItem(params.id, params.item, body.done, actor);
  }

  /** Quality intervals (medians, compliance, missed cases) for a period; `format=csv` for the spreadsheet. An ER clinician gets its own hospital's incidents. */
  @Roles('dispatcher', 'er_clinician', 'admin')
  @Get('quality')
  @ApiOkResponse({ type: QualityReportDto })
  async qualityReport(@Query() query: QualityQueryDto, @RequestActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const ownHospital = actor.kind === 'user' && actor.role === 'er_clinician' ? actor.hospitalId ?? '' : null;
    const report = QualityReportSchema.parse(await this.quality.report(query.pathway, new Date(query.from), new Date(query.to), ownHospital));
    if (query.format !== 'csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="quality-${query.pathway}-${query.from.slice(0, 10)}.csv"`);
    return QualityService.toCsv(report);
  }
}
